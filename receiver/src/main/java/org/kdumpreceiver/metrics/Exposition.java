package org.kdumpreceiver.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Renders the registry in the format the scraper asked for in its {@code Accept} header. */
final class Exposition {
    static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    /** One rendering: its {@code Content-Type} and body. */
    record Scrape(String contentType, byte[] body) {}

    private final PrometheusMeterRegistry registry;

    Exposition(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    Scrape scrape(String accept) {
        String type = wantsOpenMetrics(accept) ? OPENMETRICS : TEXT;
        return new Scrape(type, registry.scrape(type).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * OpenMetrics when the scraper rates it at least as high as the classic text format; Prometheus
     * sends {@code application/openmetrics-text;version=1.0.0,...,text/plain;version=0.0.4;q=0.5,*}{@code /*;q=0.1}.
     */
    static boolean wantsOpenMetrics(String accept) {
        if (accept == null) {
            return false;
        }
        double openMetrics = 0;
        double text = 0;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].strip().toLowerCase(Locale.ROOT);
            double q = quality(parts);
            if (type.equals("application/openmetrics-text")) {
                openMetrics = Math.max(openMetrics, q);
            } else if (type.equals("text/plain") || type.equals("text/*") || type.equals("*/*")) {
                text = Math.max(text, q);
            }
        }
        return openMetrics > 0 && openMetrics >= text;
    }

    private static double quality(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            if (p.regionMatches(true, 0, "q=", 0, 2)) {
                try {
                    double q = Double.parseDouble(p.substring(2).strip());
                    return q >= 0 && q <= 1 ? q : 0;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
