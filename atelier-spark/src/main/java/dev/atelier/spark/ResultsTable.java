package dev.atelier.spark;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/** The results table: one line per manifest row ({@link RowResult}), written as Parquet. */
public final class ResultsTable {
    /** Its columns, in the order of {@link RowResult}'s components. */
    public static final StructType SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField("row_id", DataTypes.StringType, false),
        DataTypes.createStructField("content", DataTypes.StringType, false),
        DataTypes.createStructField("style", DataTypes.StringType, false),
        DataTypes.createStructField("params", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), false),
        DataTypes.createStructField("settings", DataTypes.StringType, true),
        DataTypes.createStructField("output", DataTypes.StringType, true),
        DataTypes.createStructField("weights", DataTypes.StringType, true),
        DataTypes.createStructField("width", DataTypes.IntegerType, false),
        DataTypes.createStructField("height", DataTypes.IntegerType, false),
        DataTypes.createStructField("evaluations", DataTypes.IntegerType, false),
        DataTypes.createStructField("seconds", DataTypes.DoubleType, false),
        DataTypes.createStructField("waited_seconds", DataTypes.DoubleType, false),
        DataTypes.createStructField("optimize_seconds", DataTypes.DoubleType, false),
        DataTypes.createStructField("judge_content", DataTypes.DoubleType, true),
        DataTypes.createStructField("judge_style", DataTypes.DoubleType, true),
        DataTypes.createStructField("judge_total", DataTypes.DoubleType, true),
        DataTypes.createStructField("stop_reason", DataTypes.StringType, true),
        DataTypes.createStructField("error", DataTypes.StringType, true),
        DataTypes.createStructField("attempt", DataTypes.IntegerType, false),
        DataTypes.createStructField("threads", DataTypes.IntegerType, false),
    });

    private ResultsTable() {}

    /** A result as a table row; judge losses that were not computed are null. */
    public static Row toRow(RowResult r) {
        return RowFactory.create(r.rowId(), r.content(), r.style(),
                CollectionConverters.asScala(new HashMap<>(r.params())), r.settingsJson(), r.output(), r.weights(),
                r.width(), r.height(), r.evaluations(), r.seconds(), r.waitedSeconds(), r.optimizeSeconds(), orNull(r.judgeContent()),
                orNull(r.judgeStyle()), orNull(r.judgeTotal()), r.stopReason(), r.error(), r.attempt(), r.threads());
    }

    /** A row's {@code params} column as a Java map. */
    public static Map<String, String> params(Row row) {
        return row.getJavaMap(row.fieldIndex("params"));
    }

    private static Double orNull(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
