package dev.atelier.spark;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.SettingException;
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
 *
 * <p>A style network's job reads the same kinds of manifest with {@link #readContents}: content images
 * only, since a network paints in the one style it was trained on (a {@code style} column, or any column
 * but {@code content} and {@code id}, is refused rather than ignored).
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
        Opened m = open(spark, location);
        Path path = m.path();
        FileSystem fs = m.fs();
        FileStatus status = m.status();
        location = path.toString();
        String shown = m.shown();
        List<String> qualifiedStyles = new ArrayList<>();
        for (String s : styles) {
            Path p = path(s, "style image");
            qualifiedStyles.add(p.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(p).toString());
        }
        styles = qualifiedStyles;
        String name = path.getName().toLowerCase(Locale.ROOT);
        List<ManifestRow> rows;
        if (name.endsWith(".csv") && status.isFile()) {
            rows = fromTable(csv(spark, location), path.getParent(), styles, shown);
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
        requireUniqueIds(rows.stream().map(ManifestRow::id).toList(), shown);
        return rows;
    }

    /**
     * Reads the manifest at {@code location} as a list of content images, for a style network to paint:
     * a folder's images (ids are their file names without extension), or a table with a {@code content}
     * column and an optional {@code id} column.
     *
     * @throws InvalidInputException for a missing manifest, a {@code style} or any other column, bad or
     *     duplicate ids, or no rows
     */
    public static List<ContentRow> readContents(SparkSession spark, String location) throws IOException {
        Opened m = open(spark, location);
        String name = m.path().getName().toLowerCase(Locale.ROOT);
        List<ContentRow> rows;
        if (name.endsWith(".csv") && m.status().isFile()) {
            rows = contentsFromTable(csv(spark, m.path().toString()), m.path().getParent(), m.shown());
        } else if (name.endsWith(".parquet")) {
            rows = contentsFromTable(spark.read().parquet(m.path().toString()), m.path().getParent(), m.shown());
        } else if (m.status().isDirectory()) {
            List<ContentRow> found = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            List<Path> images = imagesIn(m.fs(), m.path());
            for (Path image : images) {
                ids.add(stem(image.toString()));
            }
            ids = distinct(ids);
            for (int i = 0; i < images.size(); i++) {
                found.add(new ContentRow(ids.get(i), images.get(i).toString()));
            }
            rows = found;
        } else {
            throw new InvalidInputException("manifest " + m.shown() + " is neither a folder of images, a .csv nor a .parquet table");
        }
        if (rows.isEmpty()) {
            boolean folder = m.status().isDirectory() && !name.endsWith(".parquet");
            throw new InvalidInputException("manifest " + m.shown() + " has no rows"
                    + (folder ? " (no .png, .jpg or .jpeg file directly in it)" : ""));
        }
        requireUniqueIds(rows.stream().map(ContentRow::id).toList(), m.shown());
        return rows;
    }

    /** A manifest found on its file system, its path made absolute. */
    private record Opened(Path path, FileSystem fs, FileStatus status, String shown) {}

    private static Opened open(SparkSession spark, String location) throws IOException {
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
        // every message echoes the manifest's name and cells escaped, so that raw bytes (a NUL, a line break
        // inside a quoted cell) never break the one-line error
        return new Opened(path, fs, status, shown(path.toString()));
    }

    private static Dataset<Row> csv(SparkSession spark, String location) {
        return spark.read().option("header", "true").option("mode", "FAILFAST").csv(location);
    }

    /** The images directly in {@code folder} (not below, no hidden files), sorted. */
    private static List<Path> imagesIn(FileSystem fs, Path folder) throws IOException {
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
        return images;
    }

    private static List<ContentRow> contentsFromTable(Dataset<Row> table, Path base, String location) {
        List<String> columns = Arrays.asList(table.columns());
        requireContentColumn(columns, location);
        for (String c : columns) {
            if (c.equals("style")) {
                throw new InvalidInputException("manifest " + location + " has a 'style' column, but a style network "
                        + "paints in the one style it was trained on; remove the column (this manifest takes the "
                        + "columns content and, optionally, id)");
            }
            if (!c.equals("content") && !c.equals("id")) {
                throw new InvalidInputException("manifest " + location + " has a column '" + Printable.of(c, 60)
                        + "' that a style network's manifest does not take (only content and, optionally, id)");
            }
        }
        List<Row> lines = collect(asText(table, columns), location);
        boolean idColumn = columns.contains("id");
        List<ContentRow> rows = new ArrayList<>();
        int line = 0;
        for (Row r : lines) {
            line++;
            String content = contentOf(r, location, line);
            String c = resolve(base, content.trim(), location, line);
            String givenId = idColumn ? r.getAs("id") : null;
            String id = givenId != null && !givenId.isBlank() ? checkedId(givenId.trim(), givenId, location, line) : stem(c);
            rows.add(new ContentRow(id, c));
        }
        if (idColumn) {
            return rows;
        }
        List<String> ids = distinct(rows.stream().map(ContentRow::id).toList());
        List<ContentRow> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            out.add(new ContentRow(ids.get(i), rows.get(i).content()));
        }
        return out;
    }

    private static List<ManifestRow> fromFolder(FileSystem fs, Path folder, List<String> styles) throws IOException {
        if (styles.isEmpty()) {
            // the setting's key, not a flag: each front end names it its own way
            throw new SettingException("style", "a folder manifest needs a style image (one or more) to paint its images with");
        }
        List<Path> images = imagesIn(fs, folder);
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
        requireContentColumn(columns, location);
        boolean styleColumn = columns.contains("style");
        if (!styleColumn && styles.isEmpty()) {
            throw new SettingException("style", "manifest " + location
                    + " has no 'style' column; add one, or give a style image for every row");
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
        return rowsOf(collect(asText(table, columns), location), columns, base, styles, location);
    }

    private static void requireContentColumn(List<String> columns, String location) {
        if (!columns.contains("content")) {
            List<String> named = columns.stream().map(c -> Printable.of(c, 40)).toList();
            throw new InvalidInputException("manifest " + location + " has no 'content' column (columns: "
                    + Printable.of(named.toString(), 300) + ")");
        }
    }

    private static Dataset<Row> asText(Dataset<Row> table, List<String> columns) {
        Dataset<Row> text = table;
        for (String c : columns) {
            text = text.withColumn(c, text.col(c).cast(DataTypes.StringType));
        }
        return text;
    }

    /** The table's lines on the driver, at most {@link #MAX_ROWS}. */
    private static List<Row> collect(Dataset<Row> text, String location) {
        try {
            long count = text.count();
            if (count > MAX_ROWS) {
                throw new InvalidInputException("manifest " + location + " has " + count + " rows; split it (at most "
                        + MAX_ROWS + ")");
            }
            return text.collectAsList();
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

    /** Row {@code line}'s content cell; an empty one is refused, naming the row. */
    private static String contentOf(Row r, String location, int line) {
        String content = r.getAs("content");
        if (content == null || content.isBlank()) {
            throw new InvalidInputException("manifest " + location + " row " + line + ": empty 'content'");
        }
        return content;
    }

    private static List<ManifestRow> rowsOf(List<Row> lines, List<String> columns, Path base, List<String> styles,
            String location) {
        boolean styleColumn = columns.contains("style");
        List<ManifestRow> rows = new ArrayList<>();
        int line = 0;
        for (Row r : lines) {
            line++;
            String content = contentOf(r, location, line);
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
                    id = checkedId(givenId.trim() + (rowStyles.size() > 1 ? "__" + stem(style) : ""), givenId, location,
                            line);
                } else {
                    id = derivedId(c, style, params);
                }
                rows.add(new ManifestRow(id, c, style, params));
            }
        }
        return givenIdsOnly(columns) ? rows : dedupe(rows);
    }

    /** {@code id} (made from the manifest's {@code givenId}), checked to be usable as a file name. */
    private static String checkedId(String id, String givenId, String location, int line) {
        if (!ID.matcher(id).matches()) {
            throw new InvalidInputException("manifest " + location + " row " + line + ": id '"
                    + Printable.of(givenId, 60) + "' must be letters, digits, '.', '_', '=' or '-' "
                    + "(it names the output file)");
        }
        return id;
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
        List<String> ids = distinct(rows.stream().map(ManifestRow::id).toList());
        List<ManifestRow> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            ManifestRow r = rows.get(i);
            out.add(ids.get(i).equals(r.id()) ? r : new ManifestRow(ids.get(i), r.content(), r.style(), r.params()));
        }
        return out;
    }

    /** {@code ids} with repeats made distinct: the second {@code a} is {@code a-2}, in order. */
    private static List<String> distinct(List<String> ids) {
        Set<String> seen = new HashSet<>();
        List<String> out = new ArrayList<>();
        for (String given : ids) {
            String id = given;
            for (int k = 2; !seen.add(id); k++) {
                id = given + "-" + k;
            }
            out.add(id);
        }
        return out;
    }

    private static void requireUniqueIds(List<String> ids, String location) {
        Set<String> seen = new HashSet<>();
        for (String id : ids) {
            if (!seen.add(id)) {
                throw new InvalidInputException("manifest " + location + ": id '" + Printable.of(id)
                        + "' appears twice; ids name the outputs and must be unique");
            }
        }
    }
}
