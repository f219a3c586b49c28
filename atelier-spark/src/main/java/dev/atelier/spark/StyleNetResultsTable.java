package dev.atelier.spark;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The results table of a style-network job: one line per row ({@link StyleNetRowResult}), written as Parquet. */
public final class StyleNetResultsTable {
    /** Its columns, in the order of {@link StyleNetRowResult}'s components. */
    public static final StructType SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField("row_id", DataTypes.StringType, false),
        DataTypes.createStructField("content", DataTypes.StringType, false),
        DataTypes.createStructField("net", DataTypes.StringType, false),
        DataTypes.createStructField("net_sha256", DataTypes.StringType, false),
        DataTypes.createStructField("output", DataTypes.StringType, true),
        DataTypes.createStructField("width", DataTypes.IntegerType, false),
        DataTypes.createStructField("height", DataTypes.IntegerType, false),
        DataTypes.createStructField("seconds", DataTypes.DoubleType, false),
        DataTypes.createStructField("waited_seconds", DataTypes.DoubleType, false),
        DataTypes.createStructField("paint_seconds", DataTypes.DoubleType, false),
        DataTypes.createStructField("status", DataTypes.StringType, false),
        DataTypes.createStructField("error", DataTypes.StringType, true),
        DataTypes.createStructField("attempt", DataTypes.IntegerType, false),
        DataTypes.createStructField("threads", DataTypes.IntegerType, false),
    });

    private StyleNetResultsTable() {}

    /** A result as a table row. */
    public static Row toRow(StyleNetRowResult r) {
        return RowFactory.create(r.rowId(), r.content(), r.net(), r.netSha256(), r.output(), r.width(), r.height(),
                r.seconds(), r.waitedSeconds(), r.paintSeconds(), r.status(), r.error(), r.attempt(), r.threads());
    }
}
