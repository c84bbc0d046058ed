package io.sparsight.pipelines.soak;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryChartTest {

    @Test
    void nothingButTheLinesIsDrawnInsideThePlot(@TempDir Path dir) throws Exception {
        SoakRun.MemorySamples memory = new SoakRun.MemorySamples();
        for (int minute = 0; minute <= 6; minute++) {
            memory.rssMb.put(minute, 1000.0); // the top line: 1/1.1 of the plot's height, where a legend would sit
            memory.heapMb.put(minute, 300.0);
            memory.nativeMb.put(minute, 700.0);
        }

        BufferedImage image = ImageIO.read(MemoryChart.write(memory, dir.resolve("memory.png")).toFile());

        assertThat(image.getWidth()).isEqualTo(720);
        int plotTop = 56 / 2;
        int rssLine = 360 - 56 - (int) ((360 - 1.5 * 56) * 1000 / 1100.0);
        for (int y = plotTop + 1; y < rssLine - 3; y++) {
            for (int x = 56 + 2; x < 720 - 56 / 2; x++) {
                assertThat(new Color(image.getRGB(x, y))).as("pixel %d,%d above the lines", x, y)
                        .isEqualTo(Color.WHITE);
            }
        }
    }
}
