package org.consilium.records.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.consilium.records.ClinicalSummary.Flag;
import org.consilium.records.ClinicalSummary.LabTest;
import org.consilium.records.ClinicalSummary.LabValue;
import org.consilium.records.ClinicalSummary.ReferenceRange;
import org.consilium.records.RecordId;
import org.junit.jupiter.api.Test;

class TrendChartTests {

    private static final RecordId RECORD = RecordId.random();
    private static final ReferenceRange RANGE = new ReferenceRange(new BigDecimal("4.0"), new BigDecimal("5.6"), null);

    @Test
    void aChartSaysInWordsWhatItShowsAndMarksResultsOutsideTheRangeByShape() {
        // given
        LabTest a1c = new LabTest("4548-4", "http://loinc.org", "Hemoglobin A1c <b>", "%", RANGE, List.of(
                value("2019-07-06T00:00:00Z", "5.2", null),
                value("2021-07-10T00:00:00Z", "6.1", Flag.HIGH),
                value("2023-07-22T00:00:00Z", "5.9", Flag.HIGH)));

        // when
        String svg = TrendChart.svg(a1c, "trend-0");

        // then
        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"trend-chart\" role=\"img\"")
                .contains("aria-labelledby=\"trend-0-title trend-0-desc\"")
                .contains("<title id=\"trend-0-title\">Trend of Hemoglobin A1c &lt;b&gt; %</title>")
                .contains("<desc id=\"trend-0-desc\">3 results from 2019-07-06 to 2023-07-22; lowest 5.2 %, "
                        + "highest 6.1 %; latest 5.9 % (high); reference range 4.0–5.6</desc>")
                .contains("<rect class=\"range\"")
                .doesNotContain("<b>", "<script");
        assertThat(svg.split("class=\"point out\"", -1)).hasSize(3);
        assertThat(svg.split("<circle class=\"point\"", -1)).hasSize(2);
    }

    @Test
    void aTestWithFewerThanTwoDatedNumbersHasNoChart() {
        assertThat(TrendChart.svg(new LabTest(null, null, "Urine colour", null, null, List.of(
                new LabValue(Instant.parse("2020-01-01T00:00:00Z"), null, "yellow", null, null, RECORD),
                value("2021-01-01T00:00:00Z", "1", null))), "t")).isEmpty();
    }

    @Test
    void equalValuesStillDraw() {
        assertThat(TrendChart.svg(new LabTest(null, null, "Height", "cm", null, List.of(
                value("2020-01-01T00:00:00Z", "168", null), value("2021-01-01T00:00:00Z", "168", null))), "t"))
                .contains("<polyline").doesNotContain("NaN");
    }

    private static LabValue value(String at, String number, Flag flag) {
        return new LabValue(Instant.parse(at), new BigDecimal(number), null, RANGE, flag, RECORD);
    }
}
