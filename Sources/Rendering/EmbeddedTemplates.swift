/// The report templates of `Templates/`, compiled into the binary as SwiftPM resources (`.embedInCode`), so
/// copying the binary is a complete install: template name → text.
enum EmbeddedTemplates {
    /// Every embedded template by name (`report.html`, `table.md`, …).
    static let all: [String: String] = [
        "access.html": PackageResources.access_html_mustache,
        "access.md": PackageResources.access_md_mustache,
        "changes.html": PackageResources.changes_html_mustache,
        "changes.md": PackageResources.changes_md_mustache,
        "findings.html": PackageResources.findings_html_mustache,
        "findings.md": PackageResources.findings_md_mustache,
        "inventory.html": PackageResources.inventory_html_mustache,
        "inventory.md": PackageResources.inventory_md_mustache,
        "problems.html": PackageResources.problems_html_mustache,
        "problems.md": PackageResources.problems_md_mustache,
        "report.html": PackageResources.report_html_mustache,
        "report.md": PackageResources.report_md_mustache,
        "style.html": PackageResources.style_html_mustache,
        "summary.html": PackageResources.summary_html_mustache,
        "summary.md": PackageResources.summary_md_mustache,
        "table.html": PackageResources.table_html_mustache,
        "table.md": PackageResources.table_md_mustache,
        "trend.html": PackageResources.trend_html_mustache,
        "unchecked.html": PackageResources.unchecked_html_mustache,
        "unchecked.md": PackageResources.unchecked_md_mustache,
    ].mapValues { String(decoding: $0, as: UTF8.self) }
}
