package dev.atelier.spark;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.SettingException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * The rules for a job's output folder, so that a job never replaces or deletes a file it did not write.
 *
 * <ul>
 *   <li>A folder that does not exist, or is empty, is used.</li>
 *   <li>A folder holding an earlier run (its marker {@value #MARKER}, written when a run starts, lists
 *       the rows whose images it writes) is refused unless {@code --overwrite} is given; then the files
 *       that run wrote (its images and sidecars, its tables, its summary) are deleted before this run
 *       starts, and nothing else: a file there that no run of ours wrote (a {@code mydata.csv} inside
 *       {@code results.parquet/}) is named and the job refused, with nothing deleted.</li>
 *   <li>Any other non-empty folder is refused, {@code --overwrite} or not.</li>
 * </ul>
 *
 * Tables are written by Spark into a fresh hidden folder beside their place and renamed into place
 * ({@link #writeTable}): Spark's own overwrite mode would delete whatever the folder held.
 */
public final class OutputFolder {
    /** The marker of a run's folder. */
    public static final String MARKER = ".atelier-run.json";
    /** The marker's format name. */
    public static final String FORMAT = "atelier-spark-run/1";
    static final String IMAGES = "images";
    static final String RESULTS = "results.parquet";
    static final String SUMMARY_TABLE = "summary.parquet";
    static final Set<String> SUMMARY_FILES = Set.of("summary.csv", "summary.png");
    /** Largest marker read: one line of ids per row of at most {@link Manifest#MAX_ROWS}. */
    private static final long MAX_MARKER_BYTES = 4L << 30;

    /** What {@link HadoopFiles#publish} leaves while it writes: {@code .NAME.ATTEMPT.tmp}. */
    private static final Pattern PUBLISH_TEMP = Pattern.compile("\\.(.+)\\.(attempt-\\d+-\\d+-\\d+|driver)\\.tmp");
    /** A table being written by {@link #writeTable}: {@code .NAME.UUID.tmp}. */
    private static final Pattern TABLE_TEMP = Pattern.compile("\\.((?:results|summary)\\.parquet)\\.[0-9a-f-]{36}\\.tmp");
    /** What Spark's Parquet writer and Hadoop's checksums put in a table folder. */
    private static final Pattern SPARK_FILE = Pattern.compile(
            "\\.?(part-\\d{5}(-[0-9a-f-]{36})?(-c\\d{3})?(\\.[a-z0-9]+)*\\.parquet|_SUCCESS|_metadata|_common_metadata)(\\.crc)?");

    private OutputFolder() {}

    /**
     * Checks {@code out} before any work, without changing it.
     *
     * @throws InvalidInputException when the folder may not be used (see the class comment)
     */
    public static void check(Configuration conf, String out, boolean overwrite) throws IOException {
        Path dir = path(out);
        plan(dir.getFileSystem(conf), dir, overwrite);
    }

    /**
     * Makes {@code out} this run's: checks it, deletes an earlier run's files when {@code overwrite}
     * allows it, and writes the marker listing {@code rowIds}.
     *
     * @param inputs this run's input files (qualified): an earlier run's file that is one of them is
     *     refused rather than deleted
     * @throws InvalidInputException when the folder may not be used
     */
    public static void claim(FileSystem fs, Path out, boolean overwrite, Collection<String> rowIds, Set<Path> inputs)
            throws IOException {
        Plan plan = plan(fs, out, overwrite);
        for (Path p : plan.delete) {
            Path q = fs.makeQualified(p);
            for (Path in : inputs) {
                if (in.equals(q) || in.toString().startsWith(q + "/")) {
                    throw new SettingException("output", shown(in) + " is an input of this run and was written by the "
                            + "earlier run in " + shown(out) + ", which overwriting would delete; copy it elsewhere or "
                            + "choose another output folder");
                }
            }
        }
        fs.mkdirs(out);
        if (!plan.delete.isEmpty()) {
            // until the earlier files are gone, the marker names them too: an interrupted clean-up is still ours
            Set<String> both = new LinkedHashSet<>(plan.earlierIds);
            both.addAll(rowIds);
            writeMarker(fs, out, both);
            for (Path p : plan.delete) {
                fs.delete(p, true);
            }
        }
        writeMarker(fs, out, rowIds);
    }

    /**
     * Writes {@code table} as Parquet at {@code target}: into a new hidden folder beside it, then renamed
     * into place, replacing a table only when every file of it is Spark's.
     *
     * @throws InvalidInputException when {@code target} holds a file Spark did not write
     */
    public static void writeTable(Dataset<Row> table, FileSystem fs, Path target) throws IOException {
        Path tmp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
        try {
            table.write().mode(SaveMode.ErrorIfExists).parquet(tmp.toString());
            if (fs.exists(target)) {
                List<Path> foreign = new ArrayList<>();
                requireSparkTable(fs, fs.getFileStatus(target), foreign);
                if (!foreign.isEmpty()) {
                    throw foreignFile(foreign.get(0), target.getParent());
                }
                fs.delete(target, true);
            }
            if (!fs.rename(tmp, target)) {
                throw new IOException("could not move " + tmp + " to " + target);
            }
        } finally {
            if (fs.exists(tmp)) {
                fs.delete(tmp, true);
            }
        }
    }

    private record Plan(List<Path> delete, Set<String> earlierIds) {}

    private static Plan plan(FileSystem fs, Path out, boolean overwrite) throws IOException {
        FileStatus status;
        try {
            status = fs.getFileStatus(out);
        } catch (FileNotFoundException e) {
            return new Plan(List.of(), Set.of());
        }
        if (!status.isDirectory()) {
            throw new InvalidInputException("output folder " + shown(out) + " is a file; choose an empty or new folder");
        }
        FileStatus[] entries = fs.listStatus(out);
        if (entries.length == 0) {
            return new Plan(List.of(), Set.of());
        }
        Set<String> ids = readMarker(fs, new Path(out, MARKER));
        if (ids == null) {
            throw new InvalidInputException(shown(out) + " holds files Atelier did not write (" + example(entries)
                    + "); choose an empty or new folder");
        }
        if (!overwrite) {
            throw new SettingException("overwrite", shown(out) + " holds an earlier Atelier run; allow overwriting to "
                    + "replace the files it wrote, or choose an empty or new folder");
        }
        Set<String> imageFiles = new HashSet<>();
        for (String id : ids) {
            imageFiles.add(id + ".png");
            imageFiles.add(id + ".png.json");
        }
        List<Path> delete = new ArrayList<>();
        List<Path> foreign = new ArrayList<>();
        for (FileStatus e : entries) {
            String name = e.getPath().getName();
            if (name.equals(MARKER) && e.isFile()) {
                continue;
            }
            if (name.equals(IMAGES) && e.isDirectory()) {
                for (FileStatus f : fs.listStatus(e.getPath())) {
                    if (f.isFile() && ownImageFile(f.getPath().getName(), imageFiles)) {
                        delete.add(f.getPath());
                    } else {
                        foreign.add(f.getPath());
                    }
                }
            } else if ((name.equals(RESULTS) || name.equals(SUMMARY_TABLE) || TABLE_TEMP.matcher(name).matches())
                    && e.isDirectory()) {
                if (requireSparkTable(fs, e, foreign)) {
                    delete.add(e.getPath());
                }
            } else if (e.isFile() && (SUMMARY_FILES.contains(name) || publishTempOf(name, SUMMARY_FILES)
                    || publishTempOf(name, Set.of(MARKER)))) {
                delete.add(e.getPath());
            } else {
                foreign.add(e.getPath());
            }
        }
        if (!foreign.isEmpty()) {
            throw foreignFile(foreign.get(0), out);
        }
        return new Plan(delete, ids);
    }

    private static boolean ownImageFile(String name, Set<String> imageFiles) {
        return imageFiles.contains(name) || publishTempOf(name, imageFiles);
    }

    /** Whether {@code name} is {@link HadoopFiles#publish}'s temporary file for one of {@code targets}. */
    private static boolean publishTempOf(String name, Set<String> targets) {
        var m = PUBLISH_TEMP.matcher(name);
        return m.matches() && targets.contains(m.group(1));
    }

    /** Adds what in {@code table} Spark did not write to {@code foreign}; true when there is nothing. */
    private static boolean requireSparkTable(FileSystem fs, FileStatus table, List<Path> foreign) throws IOException {
        int before = foreign.size();
        if (!table.isDirectory()) {
            foreign.add(table.getPath());
            return false;
        }
        for (FileStatus f : fs.listStatus(table.getPath())) {
            String name = f.getPath().getName();
            if (f.isDirectory() && name.equals("_temporary")) {
                sparkScratch(fs, f, foreign);
            } else if (!f.isFile() || !SPARK_FILE.matcher(name).matches()) {
                foreign.add(f.getPath());
            }
        }
        return foreign.size() == before;
    }

    /** A failed job's {@code _temporary} tree: folders of attempts, holding Spark's part files only. */
    private static void sparkScratch(FileSystem fs, FileStatus dir, List<Path> foreign) throws IOException {
        for (FileStatus f : fs.listStatus(dir.getPath())) {
            if (f.isDirectory()) {
                sparkScratch(fs, f, foreign);
            } else if (!SPARK_FILE.matcher(f.getPath().getName()).matches()) {
                foreign.add(f.getPath());
            }
        }
    }

    private static InvalidInputException foreignFile(Path file, Path out) {
        return new InvalidInputException(shown(file) + " was not written by Atelier; nothing was deleted: move it out of "
                + shown(out) + " or choose an empty or new folder");
    }

    /** The first entry by name, and how many more: {@code notes.txt and 2 more}. */
    private static String example(FileStatus[] entries) {
        FileStatus first = entries[0];
        for (FileStatus e : entries) {
            if (e.getPath().getName().compareTo(first.getPath().getName()) < 0) {
                first = e;
            }
        }
        String named = Printable.of(first.getPath().getName(), 60) + (first.isDirectory() ? "/" : "");
        return entries.length == 1 ? named : named + " and " + (entries.length - 1) + " more";
    }

    /** The row ids of the marker at {@code marker}, or null when it is missing or not a marker of ours. */
    private static Set<String> readMarker(FileSystem fs, Path marker) throws IOException {
        FileStatus status;
        try {
            status = fs.getFileStatus(marker);
        } catch (FileNotFoundException e) {
            return null;
        }
        if (!status.isFile() || status.getLen() > MAX_MARKER_BYTES) {
            return null;
        }
        try (InputStream in = fs.open(marker); JsonParser p = new JsonFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String format = null;
            Set<String> ids = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("format") && value == JsonToken.VALUE_STRING) {
                    format = p.getText();
                } else if (field.equals("row_ids") && value == JsonToken.START_ARRAY) {
                    ids = new HashSet<>();
                    while (p.nextToken() == JsonToken.VALUE_STRING) {
                        ids.add(p.getText());
                    }
                    if (p.currentToken() != JsonToken.END_ARRAY) {
                        return null;
                    }
                } else {
                    p.skipChildren();
                }
            }
            return FORMAT.equals(format) && ids != null ? ids : null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    private static void writeMarker(FileSystem fs, Path out, Collection<String> rowIds) throws IOException {
        java.nio.file.Path local = Files.createTempFile("atelier-run-", ".json");
        try {
            try (JsonGenerator g = new JsonFactory().createGenerator(local.toFile(), JsonEncoding.UTF8)) {
                g.writeStartObject();
                g.writeStringField("format", FORMAT);
                g.writeStringField("started", Instant.now().toString());
                g.writeStringField("note", "written by atelier spark: a later run allowed to overwrite this folder deletes the files "
                        + "this run wrote (images/ID.png and .json for these rows, results.parquet, summary.*), nothing else");
                g.writeNumberField("rows", rowIds.size());
                g.writeArrayFieldStart("row_ids");
                for (String id : rowIds) {
                    g.writeString(id);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            new HadoopFiles(fs.getConf()).publish(local, new Path(out, MARKER), "driver");
        } finally {
            Files.deleteIfExists(local);
        }
    }

    private static Path path(String out) {
        try {
            return new Path(out);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("output folder " + Printable.of(out) + " is not a usable path: "
                    + Printable.line(e.getMessage(), 200));
        }
    }

    private static String shown(Path p) {
        return Printable.of(p.toString(), 300);
    }
}
