package io.opsknight.identity.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard and the Prometheus alert rules in docs/monitoring/ read only meters we export, and
 * each rule has its runbook line in docs/monitoring.md. promtool checks the rules too where it is installed
 * (Debian package prometheus; {@code -Dpromtool=/path/to/promtool} points at another copy).
 */
class MonitoringFilesTest {

    private static final Path DIR = Path.of("../docs/monitoring");
    private static final Pattern METRIC = Pattern.compile("\\bopsknight_[a-z_]+");
    private static final Set<String> ALERTS = Set.of("OpsKnightEmailBacklogStale", "OpsKnightWebhookBacklogStale",
            "OpsKnightDeliveryDead", "OpsKnightSetupLockout", "OpsKnightSmsFailureRate");

    @Test
    void dashboardParsesAndEveryExpressionNamesAnExportedMeter() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(DIR.resolve("opsknight-dashboard.json").toFile());
        assertThat(dashboard.path("uid").asText()).isEqualTo("opsknight-identity");
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                expressions.add(target.path("expr").asText());
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            expressions.add(variable.path("query").path("query").asText());
        }
        assertThat(expressions).hasSizeGreaterThan(10);
        Set<String> used = namesIn(expressions);
        // The panels the issue of an operator needs: funnel, backlog and its age, refusals, exchanges.
        assertThat(used).contains("opsknight_invitations_total", "opsknight_outbox_pending",
                "opsknight_outbox_oldest_pending_age_seconds", "opsknight_refusals_total", "opsknight_api_token_exchanges_total");
        // The shared backlog is aggregated with max(), never summed across nodes.
        assertThat(expressions.stream().filter(e -> e.contains("opsknight_outbox_pending{") || e.contains("oldest_pending_age_seconds{")))
                .allMatch(e -> e.startsWith("max by"));
    }

    @Test
    void alertRulesParseNameExportedMetersAndHaveARunbook() throws Exception {
        JsonNode rules = new YAMLMapper().readTree(DIR.resolve("opsknight-alerts.yml").toFile());
        String runbooks = Files.readString(DIR.resolveSibling("monitoring.md"));
        List<String> expressions = new ArrayList<>();
        Set<String> alerts = new TreeSet<>();
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String alert = rule.path("alert").asText();
                alerts.add(alert);
                assertThat(rule.path("expr").asText()).as(alert).isNotBlank();
                assertThat(rule.path("labels").path("severity").asText()).as(alert).isIn("page", "warn");
                assertThat(rule.path("annotations").path("summary").asText()).as(alert).isNotBlank();
                String anchor = alert.toLowerCase(java.util.Locale.ROOT);
                assertThat(rule.path("annotations").path("runbook").asText()).as(alert).endsWith("#" + anchor);
                assertThat(runbooks).as("runbook line of " + alert).contains("<a id=\"" + anchor + "\"></a>`" + alert + "`");
                expressions.add(rule.path("expr").asText());
            }
        }
        assertThat(alerts).containsAll(ALERTS);
        namesIn(expressions);
    }

    @Test
    void promtoolAcceptsTheRulesWhereItIsInstalled() throws Exception {
        Path promtool = Path.of(System.getProperty("promtool", "/usr/bin/promtool"));
        if (!Files.isExecutable(promtool)) {
            return; // the parser test above still holds the rules' shape and names
        }
        Process check = new ProcessBuilder(promtool.toString(), "check", "rules", DIR.resolve("opsknight-alerts.yml").toString())
                .redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes());
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(output).isZero();
    }

    @Test
    void everyExportedMeterIsDocumented() throws Exception {
        String page = Files.readString(DIR.resolveSibling("monitoring.md"));
        for (String name : MeterNames.EXPORTED) {
            String base = name.replaceAll("_(bucket|count|sum|max)$", "");
            assertThat(page).as(name).contains("`" + base + "`");
        }
    }

    /** The opsknight_ names in the expressions; each must be one we export, and each expression must name one. */
    private static Set<String> namesIn(List<String> expressions) {
        Set<String> names = new TreeSet<>();
        for (String expr : expressions) {
            Matcher m = METRIC.matcher(expr);
            boolean any = false;
            while (m.find()) {
                any = true;
                names.add(m.group());
                assertThat(MeterNames.EXPORTED).as("in " + expr).contains(m.group());
            }
            assertThat(any).as("names one of our meters: " + expr).isTrue();
        }
        return names;
    }
}
