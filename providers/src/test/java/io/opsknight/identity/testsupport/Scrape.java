package io.opsknight.identity.testsupport;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One reading of the test server's {@code /metrics} (OpenMetrics text): the value of a series by name and
 * labels. A series that is absent reads 0, as a counter not yet incremented.
 */
public final class Scrape {

    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+).*$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private record Series(String name, Map<String, String> labels, double value) {
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final java.util.List<Series> series;
    private final String text;

    private Scrape(String text) {
        this.text = text;
        java.util.List<Series> all = new java.util.ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            all.add(new Series(m.group(1), labels, Double.parseDouble(m.group(4))));
        }
        this.series = all;
    }

    /** Reads the server's /metrics now. */
    public static Scrape now() {
        return of(KeycloakServer.get());
    }

    /** Reads one server's /metrics now (a cluster node's, for example). */
    public static Scrape of(KeycloakServer server) {
        // The Prometheus text format, as Prometheus asks for it (an Accept of JSON is answered 406).
        HttpRequest request = HttpRequest.newBuilder(server.metricsUrl()).header("Accept", "text/plain")
                .timeout(Duration.ofSeconds(60)).GET().build();
        try {
            HttpResponse<String> reply = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            if (reply.statusCode() != 200) {
                throw new IllegalStateException("/metrics answered " + reply.statusCode() + ": " + reply.body());
            }
            return new Scrape(reply.body());
        } catch (IOException e) {
            throw new IllegalStateException("/metrics: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The sum of the series named {@code name} whose labels include {@code labels} (key, value, ...). */
    public double value(String name, String... labels) {
        double sum = 0;
        for (Series s : series) {
            if (s.name().equals(name) && matches(s.labels(), labels)) {
                sum += s.value();
            }
        }
        return sum;
    }

    /** Whether a series of this name (and labels) is exported at all. */
    public boolean has(String name, String... labels) {
        return series.stream().anyMatch(s -> s.name().equals(name) && matches(s.labels(), labels));
    }

    public String text() {
        return text;
    }

    private static boolean matches(Map<String, String> have, String... want) {
        for (int i = 0; i + 1 < want.length; i += 2) {
            if (!want[i + 1].equals(have.get(want[i]))) {
                return false;
            }
        }
        return true;
    }
}
