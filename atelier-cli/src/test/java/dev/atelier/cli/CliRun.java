package dev.atelier.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the {@code atelier} command line, with what it printed. */
record CliRun(int code, String out, String err) {
    static CliRun execute(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        var cl = AtelierCli.newCommandLine();
        cl.setOut(new PrintWriter(o));
        cl.setErr(new PrintWriter(e));
        int code = cl.execute(args);
        return new CliRun(code, o.toString(), e.toString());
    }
}
