package org.consilium.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.consilium.records.ClinicalSummary.Flag;
import org.consilium.records.ClinicalSummary.ReferenceRange;
import org.junit.jupiter.api.Test;

class ClinicalSummaryTests {

    @Test
    void aNumberIsJudgedByItsRangesBoundsBeforeTheSourcesOwnFlag() {
        assertThat(Flag.of(new BigDecimal("6.3"), null, new BigDecimal("4.5"), null)).isEqualTo(Flag.HIGH);
        assertThat(Flag.of(new BigDecimal("1.3"), new BigDecimal("1.5"), null, "N")).isEqualTo(Flag.LOW);
        assertThat(Flag.of(new BigDecimal("4.5"), new BigDecimal("1"), new BigDecimal("4.5"), "H"))
                .as("on the bound is within").isNull();
    }

    @Test
    void withoutBoundsTheSourcesInterpretationDecides() {
        assertThat(Flag.of(new BigDecimal("7"), null, null, "H")).isEqualTo(Flag.HIGH);
        assertThat(Flag.of(null, null, null, "LL")).isEqualTo(Flag.LOW);
        assertThat(Flag.of(null, null, null, "POS")).isEqualTo(Flag.ABNORMAL);
        assertThat(Flag.of(null, null, null, "N")).isNull();
        assertThat(Flag.of(null, null, null, null)).isNull();
    }

    @Test
    void aRangeReadsAsItsTextElseItsBounds() {
        assertThat(ReferenceRange.of(null, null, null)).isNull();
        assertThat(ReferenceRange.of(new BigDecimal("3.5"), new BigDecimal("5.0"), null).shown()).isEqualTo("3.5–5.0");
        assertThat(ReferenceRange.of(null, new BigDecimal("200"), null).shown()).isEqualTo("≤ 200");
        assertThat(ReferenceRange.of(new BigDecimal("40"), null, null).shown()).isEqualTo("≥ 40");
        assertThat(ReferenceRange.of(null, new BigDecimal("4.5"), "<4.5 mmol/L").shown()).isEqualTo("<4.5 mmol/L");
    }
}
