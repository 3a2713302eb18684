package org.datasetexport.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.datasetexport.flows.ExportFlow;
import org.datasetexport.ExportListener;
import org.datasetexport.ExportResult;
import org.datasetexport.flows.ExportScheduler;
import org.datasetexport.flows.FlowDefinition;
import org.datasetexport.flows.state.StoredFlow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code datasetexport serve --config flows.yaml}: runs the file's flows when their slots come due
 * until stopped. SIGTERM or SIGINT stop it gracefully: no new run starts, running exports get the
 * file's {@code close-timeout} to finish and are then cancelled, leaving nothing behind (their
 * windows run again at the next start); the process then exits with 143 (SIGTERM) or 130 (SIGINT).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the flows of a YAML file on their schedules until stopped (SIGTERM/SIGINT stop it gracefully)."})
final class ServeCommand implements Callable<Integer> {
    static final Logger LOG = LoggerFactory.getLogger("datasetexport.serve");

    @Spec
    CommandSpec spec;

    @Mixin
    FlowsArgs args;

    @Override
    public Integer call() throws InterruptedException {
        FlowsFile file = args.load();
        ExportScheduler scheduler;
        try {
            scheduler = file.scheduler(args.clock(), true, new RunLog());
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("serving " + file.flows().size() + " flow(s) from " + args.config);
        for (ExportFlow flow : scheduler.flows()) {
            out.println("  " + FlowsCommand.describe(flow));
        }
        for (StoredFlow stored : scheduler.stateStore().flows()) {
            if (file.flows().stream().map(FlowDefinition::flowId).noneMatch(stored.flowId()::equals)) {
                LOG.warn("flow {} is in the state store but not in {}; it runs only if its dataset and connection are declared "
                        + "(remove it with: datasetexport flows delete {} --config {})", stored.flowId(), args.config,
                        stored.flowId(), args.config);
            }
        }
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            LOG.info("stopping: no new runs; running exports get the close timeout to finish, then are cancelled");
            try {
                scheduler.close();
                file.close();
                LOG.info("stopped");
            } finally {
                stopped.countDown();
            }
        }, "datasetexport-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        stopped.await();
        return DatasetExportCli.OK;
    }

    /** Logs each run's start and outcome with its flow, never an option value. */
    static final class RunLog implements ExportListener {
        private final Map<String, String> flowOfRun = new ConcurrentHashMap<>();

        @Override
        public void runStarted(RunStarted event) {
            flowOfRun.put(event.runId(), event.flowId() != null ? event.flowId() : event.datasetId());
            LOG.info("flow {}: run {} started (exportTime={}, {} split(s))", flowOfRun.get(event.runId()), event.runId(),
                    event.exportTime(), event.splits());
        }

        @Override
        public void runFinished(ExportResult result) {
            String flow = flowOfRun.getOrDefault(result.runId(), result.datasetId());
            flowOfRun.remove(result.runId());
            LOG.info("flow {}: run {} succeeded: {} record(s), {} file(s), {} bytes{}", flow, result.runId(), result.records(),
                    result.files().size(), result.bytes(), result.manifestPath().map(m -> ", manifest " + m).orElse(""));
        }

        @Override
        public void runFailed(RunFailed event) {
            String flow = flowOfRun.getOrDefault(event.runId(), "?");
            flowOfRun.remove(event.runId());
            LOG.warn("flow {}: run {} failed, nothing left behind: {}", flow, event.runId(), event.error().getMessage());
        }
    }
}
