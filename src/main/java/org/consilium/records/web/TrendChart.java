package org.consilium.records.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.consilium.records.ClinicalSummary.LabTest;
import org.consilium.records.ClinicalSummary.LabValue;
import org.consilium.records.ClinicalSummary.ReferenceRange;
import org.springframework.web.util.HtmlUtils;

/**
 * A small trend chart of one test's results, drawn on the server as inline SVG: no script, nothing loaded. The
 * reference range is a band, each result a point (a filled square when outside its range, so the flag does not
 * depend on colour), the first and last dates and the lowest and highest values written at the edges. It is an
 * image with a title and a description that say what it shows in words; the table of values beside it is the full
 * text alternative. It scales to the width it is given (CSS), down to a phone's.
 */
final class TrendChart {

    static final int WIDTH = 320;
    static final int HEIGHT = 120;
    private static final int LEFT = 56;
    private static final int RIGHT = 8;
    private static final int TOP = 10;
    private static final int BOTTOM = 22;

    private TrendChart() {
    }

    /** The chart, or an empty string when fewer than two results are numbers with a date. */
    static String svg(LabTest test, String id) {
        List<LabValue> points = test.plotted();
        if (points.size() < 2) {
            return "";
        }
        double low = points.stream().mapToDouble(v -> v.number().doubleValue()).min().orElseThrow();
        double high = points.stream().mapToDouble(v -> v.number().doubleValue()).max().orElseThrow();
        double valuesLow = low;
        double valuesHigh = high;
        ReferenceRange range = test.referenceRange();
        if (range != null && range.low() != null) {
            low = Math.min(low, range.low().doubleValue());
        }
        if (range != null && range.high() != null) {
            high = Math.max(high, range.high().doubleValue());
        }
        double pad = high == low ? Math.max(1, Math.abs(high) * 0.1) : (high - low) * 0.08;
        double yMin = low - pad;
        double yMax = high + pad;
        long xMin = points.getFirst().at().getEpochSecond();
        long xMax = points.getLast().at().getEpochSecond();

        String unit = test.unit() == null ? "" : " " + test.unit();
        LabValue latest = points.getLast();
        String description = points.size() + " results from " + day(points.getFirst().at()) + " to "
                + day(latest.at()) + "; lowest " + number(valuesLow) + unit + ", highest " + number(valuesHigh) + unit
                + "; latest " + latest.shown() + unit + (latest.flag() == null ? "" : " (" + latest.flag().label()
                        + ")")
                + (range == null ? "" : "; reference range " + range.shown());
        StringBuilder svg = new StringBuilder(2048);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"trend-chart\" role=\"img\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(HEIGHT).append("\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" aria-labelledby=\"").append(id).append("-title ").append(id)
                .append("-desc\" focusable=\"false\">");
        svg.append("<title id=\"").append(id).append("-title\">")
                .append(escape("Trend of " + test.display() + unit)).append("</title>");
        svg.append("<desc id=\"").append(id).append("-desc\">").append(escape(description)).append("</desc>");
        svg.append("<rect class=\"plot\" x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"")
                .append(WIDTH - LEFT - RIGHT).append("\" height=\"").append(HEIGHT - TOP - BOTTOM).append("\"/>");
        if (range != null && (range.low() != null || range.high() != null)) {
            double bandTop = y(range.high() == null ? yMax : range.high().doubleValue(), yMin, yMax);
            double bandBottom = y(range.low() == null ? yMin : range.low().doubleValue(), yMin, yMax);
            svg.append("<rect class=\"range\" x=\"").append(LEFT).append("\" y=\"").append(fmt(bandTop))
                    .append("\" width=\"").append(WIDTH - LEFT - RIGHT).append("\" height=\"")
                    .append(fmt(Math.max(0, bandBottom - bandTop))).append("\"/>");
        }
        StringBuilder line = new StringBuilder();
        StringBuilder marks = new StringBuilder();
        for (LabValue point : points) {
            double x = x(point.at().getEpochSecond(), xMin, xMax);
            double y = y(point.number().doubleValue(), yMin, yMax);
            line.append(fmt(x)).append(',').append(fmt(y)).append(' ');
            if (point.flag() == null) {
                marks.append("<circle class=\"point\" cx=\"").append(fmt(x)).append("\" cy=\"").append(fmt(y))
                        .append("\" r=\"3\"/>");
            } else {
                marks.append("<rect class=\"point out\" x=\"").append(fmt(x - 3.5)).append("\" y=\"")
                        .append(fmt(y - 3.5)).append("\" width=\"7\" height=\"7\"/>");
            }
        }
        svg.append("<polyline class=\"line\" points=\"").append(line.toString().strip()).append("\"/>");
        svg.append(marks);
        svg.append(label(LEFT - 4, y(valuesHigh, yMin, yMax) + 4, "end", number(valuesHigh)));
        svg.append(label(LEFT - 4, y(valuesLow, yMin, yMax) + 4, "end", number(valuesLow)));
        svg.append(label(LEFT, HEIGHT - 6, "start", day(points.getFirst().at())));
        svg.append(label(WIDTH - RIGHT, HEIGHT - 6, "end", day(latest.at())));
        return svg.append("</svg>").toString();
    }

    private static String label(double x, double y, String anchor, String text) {
        return "<text x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" text-anchor=\"" + anchor + "\">" + escape(text)
                + "</text>";
    }

    private static double x(long at, long min, long max) {
        double span = WIDTH - LEFT - RIGHT - 12;
        return max == min ? LEFT + 6 + span / 2 : LEFT + 6 + span * (at - min) / (double) (max - min);
    }

    private static double y(double value, double min, double max) {
        double span = HEIGHT - TOP - BOTTOM;
        double clamped = Math.max(min, Math.min(max, value));
        return TOP + span * (max - clamped) / (max - min);
    }

    /** A date as the chart writes it: the day, as the source recorded it (UTC). */
    static String day(Instant at) {
        return at.atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }

    /** A value as an axis label: at most four significant digits, so it fits the margin. */
    private static String number(double value) {
        return new BigDecimal(value).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String escape(String text) {
        return HtmlUtils.htmlEscape(text, "UTF-8");
    }
}
