package dev.atelier.spark;

import dev.atelier.core.InvalidInputException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Reads a manifest into rows, on the driver:
 * <ul>
 *   <li>a folder: every {@code .png}/{@code .jpg}/{@code .jpeg} in it (not below) is a content image,
 *       paired with each {@code --style} image;</li>
 *   <li>a {@code .csv} (with a header) or a Parquet table: one row per line, columns {@code content},
 *       {@code style} (or {@code --style} for every line), optional {@code id}, and any setting of
 *       {@link RowSettings#KEYS}. Relative paths are relative to the manifest's folder.</li>
 * </ul>
 * Row ids name the outputs, so they are made from the row (its file names, a hash of its settings) and
 * never from its position or a clock: running the manifest again writes the same files.
 */
public final class Manifest {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._=-]{0,199}");
    private static final Set<String> IMAGE_SUFFIXES = Set.of(".png", ".jpg", ".jpeg");
    /** Rows collected on the driver: a manifest this long is a mistake, not a job. */
    public static final int MAX_ROWS = 10_000_000;

    private Manifest() {}

    /**
     * Reads the manifest at {@code location}.
     *
     * @param styles style images for a folder manifest, or for a table without a {@code style} column
     * @throws InvalidInputException for a missing manifest, unknown columns, missing images columns,
     *     bad or duplicate ids
     */
    public static List<ManifestRow> read(SparkSession spark, String location, List<String> styles) throws IOException {
        Path path = path(location, "manifest");
        FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
        FileStatus status;
        try {
            status = fs.getFileStatus(path);
        } catch (FileNotFoundException e) {
            throw new InvalidInputException("no such manifest: " + shown(location));
        }
        // executors run in folders of their own: every path they get is absolute, with its file system
        path = fs.makeQualified(path);
        location = path.toString();
        // every message echoes the manifest's name and cells escaped, so that raw bytes (a NUL, a line break
        // inside a quoted cell) never break the one-line error
        String shown = shown(location);
        List<String> qualifiedStyles = new ArrayList<>();
        for (String s : styles) {
            Path p = path(s, "style image");
            qualifiedStyles.add(p.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(p).toString());
        }
        styles = qualifiedStyles;
        String name = path.getName().toLowerCase(Locale.ROOT);
        List<ManifestRow> rows;
        if (name.endsWith(".csv") && status.isFile()) {
            Dataset<Row> table = spark.read().option("header", "true").option("mode", "FAILFAST").csv(location);
            rows = fromTable(table, path.getParent(), styles, shown);
        } else if (name.endsWith(".parquet")) {
            rows = fromTable(spark.read().parquet(location), path.getParent(), styles, shown);
        } else if (status.isDirectory()) {
            rows = fromFolder(fs, path, styles);
        } else {
            throw new InvalidInputException("manifest " + shown + " is neither a folder of images, a .csv nor a .parquet table");
        }
        if (rows.isEmpty()) {
            throw new InvalidInputException("manifest " + shown + " has no rows");
        }
        requireUniqueIds(rows, shown);
        return rows;
    }

    private static List<ManifestRow> fromFolder(FileSystem fs, Path folder, List<String> styles) throws IOException {
        if (styles.isEmpty()) {
            throw new InvalidInputException("a folder manifest needs --style IMAGE (one or more) to paint its images with");
        }
        List<Path> images = new ArrayList<>();
        for (FileStatus f : fs.listStatus(folder)) {
            String n = f.getPath().getName();
            int dot = n.lastIndexOf('.');
            if (f.isFile() && !n.startsWith(".") && dot > 0
                    && IMAGE_SUFFIXES.contains(n.substring(dot).toLowerCase(Locale.ROOT))) {
                images.add(f.getPath());
            }
        }
        images.sort(null);
        List<ManifestRow> rows = new ArrayList<>();
        for (Path image : images) {
            for (String style : styles) {
                rows.add(new ManifestRow(derivedId(image.toString(), style, Map.of()), image.toString(), style, Map.of()));
            }
        }
        return dedupe(rows);
    }

    private static List<ManifestRow> fromTable(Dataset<Row> table, Path base, List<String> styles, String location) {
        List<String> columns = Arrays.asList(table.columns());
        if (!columns.contains("content")) {
            List<String> named = columns.stream().map(c -> Printable.of(c, 40)).toList();
            throw new InvalidInputException("manifest " + location + " has no 'content' column (columns: "
                    + Printable.of(named.toString(), 300) + ")");
        }
        boolean styleColumn = columns.contains("style");
        if (!styleColumn && styles.isEmpty()) {
            throw new InvalidInputException("manifest " + location + " has no 'style' column; add one or give --style IMAGE");
        }
        List<String> settingColumns = new ArrayList<>();
        for (String c : columns) {
            if (!c.equals("content") && !c.equals("style") && !c.equals("id")) {
                if (!Printable.of(c, 60).equals(c)) {
                    // a binary file read as CSV: its "header" is raw bytes
                    throw new InvalidInputException("manifest " + location + " has a column '" + Printable.of(c, 60)
                            + "' that is no setting name (control characters or too long); is it a CSV file with a header?");
                }
                settingColumns.add(RowSettings.requireKnown(c, "manifest " + location + " column"));
            }
        }
        Dataset<Row> text = table;
        for (String c : columns) {
            text = text.withColumn(c, text.col(c).cast(DataTypes.StringType));
        }
        try {
            return rowsOf(text, columns, base, styles, location);
        } catch (InvalidInputException e) {
            throw e;
        } catch (Exception e) {
            // FAILFAST: a malformed line stops the read with Spark's own account of it (a SparkException,
            // which Scala throws undeclared)
            Throwable why = e.getCause() != null ? e.getCause() : e;
            throw new InvalidInputException("manifest " + location + " cannot be read as a table: "
                    + Printable.line(why.getMessage() != null ? why.getMessage() : why.getClass().getSimpleName(), 400), e);
        }
    }

    private static List<ManifestRow> rowsOf(Dataset<Row> text, List<String> columns, Path base, List<String> styles,
            String location) {
        boolean styleColumn = columns.contains("style");
        long count = text.count();
        if (count > MAX_ROWS) {
            throw new InvalidInputException("manifest " + location + " has " + count + " rows; split it (at most " + MAX_ROWS + ")");
        }
        List<ManifestRow> rows = new ArrayList<>();
        int line = 0;
        for (Row r : text.collectAsList()) {
            line++;
            String content = r.getAs("content");
            if (content == null || content.isBlank()) {
                throw new InvalidInputException("manifest " + location + " row " + line + ": empty 'content'");
            }
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                String c = columns.get(i);
                if (!c.equals("content") && !c.equals("style") && !c.equals("id") && r.get(i) != null
                        && !r.getString(i).isBlank()) {
                    params.put(RowSettings.requireKnown(c, "manifest"), r.getString(i).trim());
                }
            }
            List<String> rowStyles = new ArrayList<>();
            if (styleColumn) {
                String s = r.getAs("style");
                if (s == null || s.isBlank()) {
                    throw new InvalidInputException("manifest " + location + " row " + line + ": empty 'style'");
                }
                rowStyles.add(resolve(base, s.trim(), location, line));
            } else {
                rowStyles.addAll(styles);
            }
            String givenId = columns.contains("id") ? r.getAs("id") : null;
            String c = resolve(base, content.trim(), location, line);
            for (String style : rowStyles) {
                String id;
                if (givenId != null && !givenId.isBlank()) {
                    id = givenId.trim() + (rowStyles.size() > 1 ? "__" + stem(style) : "");
                    if (!ID.matcher(id).matches()) {
                        throw new InvalidInputException("manifest " + location + " row " + line + ": id '"
                                + Printable.of(givenId, 60) + "' must be letters, digits, '.', '_', '=' or '-' "
                                + "(it names the output file)");
                    }
                } else {
                    id = derivedId(c, style, params);
                }
                rows.add(new ManifestRow(id, c, style, params));
            }
        }
        return givenIdsOnly(columns) ? rows : dedupe(rows);
    }

    private static boolean givenIdsOnly(List<String> columns) {
        return columns.contains("id");
    }

    private static String resolve(Path base, String file, String location, int line) {
        Path p;
        try {
            p = new Path(file);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("manifest " + location + " row " + line + ": '" + Printable.of(file)
                    + "' is not a usable path: " + Printable.line(e.getMessage(), 200));
        }
        return p.isAbsolute() || p.toUri().getScheme() != null || base == null ? file : new Path(base, file).toString();
    }

    private static Path path(String location, String what) {
        try {
            return new Path(location);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(what + " " + Printable.of(location) + " is not a usable path: "
                    + Printable.line(e.getMessage(), 200));
        }
    }

    private static String shown(String location) {
        return Printable.of(location, 300);
    }

    /** {@code CONTENT__STYLE} from the file names, with a hash of the settings when there are any. */
    static String derivedId(String content, String style, Map<String, String> params) {
        String id = stem(content) + "__" + stem(style);
        if (!params.isEmpty()) {
            id += "__" + shortHash(new java.util.TreeMap<>(params).toString());
        }
        return id;
    }

    /** A file name without its extension, made safe for an output name. */
    static String stem(String file) {
        String n = new Path(file).getName().replaceFirst("\\.[^.]*$", "");
        String safe = n.replaceAll("[^A-Za-z0-9._=-]", "_");
        return safe.isEmpty() || safe.startsWith(".") ? "x" + safe : safe;
    }

    private static String shortHash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Derived ids that collide (a.png and a.jpg) get -2, -3... in manifest order. */
    private static List<ManifestRow> dedupe(List<ManifestRow> rows) {
        Set<String> seen = new HashSet<>();
        List<ManifestRow> out = new ArrayList<>();
        for (ManifestRow r : rows) {
            String id = r.id();
            for (int k = 2; !seen.add(id); k++) {
                id = r.id() + "-" + k;
            }
            out.add(id.equals(r.id()) ? r : new ManifestRow(id, r.content(), r.style(), r.params()));
        }
        return out;
    }

    private static void requireUniqueIds(List<ManifestRow> rows, String location) {
        Set<String> seen = new HashSet<>();
        for (ManifestRow r : rows) {
            if (!seen.add(r.id())) {
                throw new InvalidInputException("manifest " + location + ": id '" + Printable.of(r.id())
                        + "' appears twice; ids name the outputs and must be unique");
            }
        }
    }
}
