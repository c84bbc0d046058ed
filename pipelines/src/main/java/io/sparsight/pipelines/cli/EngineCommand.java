package io.sparsight.pipelines.cli;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparsight.models.runtime.CudaRoute;
import io.sparsight.models.runtime.Devices;
import io.sparsight.models.runtime.OfflineRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * {@code sparsight engine}: loads the PyTorch engine as a job would and says which libtorch it got (the bundled CPU
 * build, or the CUDA build that {@code PYTORCH_LIBRARY_PATH} and {@code PYTORCH_FLAVOR} give) and which GPUs it sees.
 * Exit 1 with one line saying what is missing when the engine cannot load.
 */
@Command(name = "engine", mixinStandardHelpOptions = true,
        description = "Load the PyTorch engine and show its libtorch, flavor and GPUs (check a GPU setup with this).")
final class EngineCommand implements Callable<Integer> {

    @Option(names = "--json", description = "print one JSON object instead of lines")
    boolean json;

    /** What the engine loaded. */
    record EngineInfo(String engine, String libtorchVersion, String libtorchPath, String flavor, int gpus,
            String autoDevice) {}

    @Override
    public Integer call() throws Exception {
        CudaRoute route = CudaRoute.fromEnvironment();
        Engine engine;
        try {
            engine = OfflineRuntime.pytorch();
        } catch (IllegalStateException e) {
            System.err.println("sparsight engine: " + e.getMessage());
            return 1;
        }
        EngineInfo info = new EngineInfo(engine.getEngineName(), engine.getVersion(), LibUtils.getLibtorchPath(),
                route.wantsCuda() ? System.getenv("PYTORCH_FLAVOR") + " (PYTORCH_LIBRARY_PATH)" : "cpu (bundled)",
                engine.getGpuCount(), Devices.chosen("auto").toString());
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(info));
        } else {
            System.out.println("engine:   " + info.engine() + " " + info.libtorchVersion());
            System.out.println("libtorch: " + info.libtorchPath());
            System.out.println("flavor:   " + info.flavor());
            System.out.println("GPUs:     " + info.gpus());
            System.out.println("auto:     " + info.autoDevice());
        }
        return 0;
    }
}
