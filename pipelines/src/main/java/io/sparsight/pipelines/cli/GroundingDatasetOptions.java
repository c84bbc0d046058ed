package io.sparsight.pipelines.cli;

import io.sparsight.pipelines.data.GroundingData;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --data} and {@code --format} of the grounding commands. */
final class GroundingDatasetOptions {

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "dataset folder")
    Path data;

    @Option(names = "--format", defaultValue = "synthetic", converter = FormatConverter.class,
            description = "synthetic, charades-sta or activitynet (default: ${DEFAULT-VALUE})")
    GroundingData.Format format;

    static final class FormatConverter implements ITypeConverter<GroundingData.Format> {
        @Override
        public GroundingData.Format convert(String value) {
            return GroundingData.Format.parse(value);
        }
    }
}
