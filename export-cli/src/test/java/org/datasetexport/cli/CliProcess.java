package org.datasetexport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The shaded jar run as operators run it ({@code java -jar target/datasetexport-cli-<version>.jar …}, a separate process), or the CLI in this JVM ({@link #cli}). */
final class CliProcess {
    private final Process process;
    private final Path out;
    private final Path err;

    /** A finished run. */
    record Run(int code, String out, String err) {
    }

    private CliProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    static Path jar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("datasetexport-cli-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no target/datasetexport-cli-*.jar: run through mvn verify"));
        }
    }

    /** Starts the jar with these arguments; standard output and error go to files in {@code dir}. */
    static CliProcess start(Path dir, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
                jar().toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        long n = System.nanoTime();
        Path out = dir.resolve("stdout-" + n);
        Path err = dir.resolve("stderr-" + n);
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        return new CliProcess(pb.start(), out, err);
    }

    /**
     * The CLI in this JVM, as the in-process tests run it.
     *
     * @return exit code, standard output and standard error
     */
    static Run cli(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int code = DatasetExportCli.execute(args, new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    /** Runs the jar to its end (at most two minutes). */
    static Run run(Path dir, Map<String, String> env, String... args) throws Exception {
        CliProcess p = start(dir, env, args);
        assertThat(p.process.waitFor(120, TimeUnit.SECONDS)).as("finished").isTrue();
        return new Run(p.process.exitValue(), p.out(), p.err());
    }

    Process process() {
        return process;
    }

    String out() throws IOException {
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    String err() throws IOException {
        return Files.readString(err, StandardCharsets.UTF_8);
    }
}
