package io.camelgateway.ledger;

import java.math.BigDecimal;
import java.util.List;

/** The usage report as CSV (RFC 4180 quoting), one header line then one line per row. */
final class UsageCsv {

    private UsageCsv() {
    }

    static String render(List<String> groups, List<UsageReport.Row> rows) {
        StringBuilder csv = new StringBuilder();
        csv.append(String.join(",", groups));
        if (!groups.isEmpty()) {
            csv.append(',');
        }
        csv.append(String.join(",", UsageReport.NUMBERS)).append("\r\n");
        for (UsageReport.Row row : rows) {
            for (String group : groups) {
                csv.append(quote(row.groups().get(group))).append(',');
            }
            boolean first = true;
            for (String number : UsageReport.NUMBERS) {
                if (!first) {
                    csv.append(',');
                }
                first = false;
                BigDecimal value = row.numbers().get(number);
                csv.append(value == null ? "" : value.toPlainString());
            }
            csv.append("\r\n");
        }
        return csv.toString();
    }

    private static String quote(String value) {
        if (value == null) {
            return "";
        }
        // a leading =, +, - or @ would run as a formula in a spreadsheet
        String safe = value.matches("^[=+\\-@].*") ? "'" + value : value;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }
}
