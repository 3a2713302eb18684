package org.datasetexport.cli;

import java.io.PrintWriter;
import org.datasetexport.ConfigurationException;
import org.datasetexport.ExportException;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code datasetexport}: the SDK on the command line. {@code run} exports a table, a query or a
 * folder of files to any destination URI (or previews it with {@code --dry-run}); {@code check}
 * runs a destination's permission check; {@code verify} checks an export against its manifest;
 * {@code serve} runs the flows of a YAML file on their schedules, and {@code flows} and
 * {@code runs} read and act on them.
 *
 * <p>Exit codes: 0 success; 1 the export or check failed (a failed export leaves nothing behind);
 * 2 usage or configuration error; 3 verification found problems; 130 interrupted. Secrets are
 * never taken literally on the command line: options whose names say secret, password, token, key
 * or SAS take {@code ${env:NAME}} or {@code ${file:/path}} references.
 */
@Command(name = "datasetexport", mixinStandardHelpOptions = true, versionProvider = Versions.class,
        subcommands = {RunCommand.class, CheckCommand.class, VerifyCommand.class, ServeCommand.class, FlowsCommand.class,
                RunsCommand.class, CommandLine.HelpCommand.class, AutoComplete.GenerateCompletion.class},
        description = "Export datasets to cloud storage: JSON Lines, CSV or Parquet to S3, Azure, GCS, SFTP or a folder.",
        footer = {"", "Exit codes: 0 success, 1 failed (nothing left behind), 2 usage or configuration error, "
                + "3 verification found problems, 130 interrupted."})
public final class DatasetExportCli implements Runnable {
    /** Success. */
    public static final int OK = 0;
    /** The export, check or verification could not be done; a failed export left nothing behind. */
    public static final int FAILED = 1;
    /** A usage or configuration error: nothing was read or written. */
    public static final int USAGE = 2;
    /** The verification found problems. */
    public static final int PROBLEMS = 3;
    /** Interrupted (SIGINT). */
    public static final int INTERRUPTED = 130;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT,
            description = "Log the SDK's progress messages (info) on standard error")
    boolean verbose;

    @CommandLine.Option(names = {"-q", "--quiet"}, scope = CommandLine.ScopeType.INHERIT,
            description = "Log errors only; no progress")
    boolean quiet;

    /**
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * @param args the command line
     * @param out standard output
     * @param err standard error
     * @return the exit code
     */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        Logging.configure(args);
        CommandLine cli = new CommandLine(new DatasetExportCli());
        cli.setOut(out);
        cli.setErr(err);
        // a usage error is one line and a hint, as git or curl give it, not the whole usage text
        cli.setParameterExceptionHandler((e, arguments) -> {
            CommandLine command = e.getCommandLine();
            PrintWriter stderr = command.getErr();
            stderr.println("datasetexport: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, stderr);
            stderr.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            int code = exitCode(e);
            // the SDK's messages name the problem and never a secret; a raw exception's class says what it is
            String message = e instanceof ExportException || e instanceof SecretReferences.SecretException
                    ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
            command.getErr().println("datasetexport: " + message);
            return code;
        });
        return cli.execute(args);
    }

    static int exitCode(Throwable e) {
        if (e instanceof ConfigurationException || e instanceof SecretReferences.SecretException) {
            return USAGE;
        }
        if (e instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
            return INTERRUPTED;
        }
        return FAILED;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
