package io.santkrupa.bench;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyPlotTest {

    @Test
    void three_bars_per_scenario_and_connection_count_on_labelled_axes() throws Exception {
        List<Measurement> measurements = List.of(measurement("api-get-patient", 1, 0.4, 0.9, 1.5),
                measurement("api-get-patient", 8, 1.1, 3.0, 6.2), measurement("consultation-page", 32, 12, 40, 95));

        String svg = LatencyPlot.svg("Latency <demo & test>", measurements);

        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        NodeList titles = document.getElementsByTagName("title");
        assertThat(titles.getLength()).isEqualTo(9);
        assertThat(titles.item(8).getTextContent()).isEqualTo("consultation-page x32 p99 95.00 ms");
        assertThat(svg).contains("latency (ms, log scale)", "scenario x connections", "api-get-patient x8",
                "Latency &lt;demo &amp; test&gt;", ">0.1<", ">100<");
    }

    @Test
    void a_taller_bar_for_a_slower_percentile() throws Exception {
        String svg = LatencyPlot.svg("t", List.of(measurement("s", 1, 1, 10, 100)));
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        NodeList rects = document.getElementsByTagName("rect");
        // the background, three bars, three legend keys
        double p50 = Double.parseDouble(rects.item(1).getAttributes().getNamedItem("height").getNodeValue());
        double p95 = Double.parseDouble(rects.item(2).getAttributes().getNamedItem("height").getNodeValue());
        double p99 = Double.parseDouble(rects.item(3).getAttributes().getNamedItem("height").getNodeValue());
        assertThat(p50).isLessThan(p95);
        assertThat(p95).isLessThan(p99);
        // a log axis: each tenfold is the same height
        assertThat(p95 - p50).isCloseTo(p99 - p95, org.assertj.core.data.Offset.offset(0.5));
    }

    private static Measurement measurement(String scenario, int connections, double p50, double p95, double p99) {
        return new Measurement(scenario, connections, 1, 100, 1, 100, new LatencySummary(100, p50, p50, p95, p99, p99),
                0, Map.of(), 0, 0, null, List.of(), 0);
    }
}
