//! internal-leak: details of our own systems that a customer-facing text
//! should not show (addresses, hosts, tickets, chat and monitoring links).

/// Host-name labels that say a machine is ours and not public.
const INTERNAL_LABELS: &[&str] = &[
    "prod",
    "production",
    "stage",
    "staging",
    "stg",
    "internal",
    "infra",
    "intra",
    "intranet",
    "corp",
    "dev",
    "qa",
    "uat",
    "k8s",
    "cluster",
    "svc",
    "local",
    "lan",
];

/// Link targets that are our tools: chat, paging, issues, wikis, dashboards.
const TOOL_LINKS: &[&str] = &[
    "slack.com",
    "pagerduty.com",
    "opsgenie.com",
    "atlassian.net",
    "confluence",
    "grafana",
    "jira",
    "servicenow",
    "kibana",
    "sentry.io",
];

/// Link paths of issue trackers and reviews.
const TICKET_PATHS: &[&str] = &[
    "/browse/",
    "/tickets/",
    "/issues/",
    "/-/issues/",
    "/pull/",
    "/merge_requests/",
    "/wiki/",
];

/// E-mail addresses (other than `allowed`), IP addresses, internal host names
/// and tool links in a text, as ranges of its characters.
#[must_use]
pub fn leaks(text: &str, allowed: &[String]) -> Vec<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if is_separator(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && !is_separator(chars[i]) {
            i += 1;
        }
        let mut end = i;
        while end > start && matches!(chars[end - 1], '.' | ':' | '!' | '?') {
            end -= 1;
        }
        let word: String = chars[start..end].iter().collect();
        // Only the word before matters ("version 10.4.2.1"): a bounded look back.
        let previous: String = chars[start.saturating_sub(24)..start].iter().collect();
        if is_leak(&word, &previous, allowed) {
            out.push((start, end));
        }
    }
    out
}

fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '(' | ')' | '<' | '>' | '"' | '\'' | ',' | ';' | '`' | '[' | ']' | '„' | '“' | '”'
        )
}

fn is_leak(word: &str, previous: &str, allowed: &[String]) -> bool {
    if word.is_empty() {
        return false;
    }
    let lower = word.to_ascii_lowercase();
    let address = lower.trim_start_matches("mailto:");
    let is_email = address
        .split_once('@')
        .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'));
    if is_email {
        return !allowed.iter().any(|a| a == address);
    }
    let is_link = lower.contains("://");
    if is_link
        && (TOOL_LINKS.iter().any(|t| lower.contains(t))
            || TICKET_PATHS.iter().any(|t| lower.contains(t)))
    {
        return true;
    }
    let host = lower
        .split("://")
        .nth(1)
        .unwrap_or(&lower)
        .split('/')
        .next()
        .unwrap_or("");
    if is_ipv6(host.trim_start_matches('[').trim_end_matches(']')) {
        return true;
    }
    let host = host.split(':').next().unwrap_or("");
    if is_ipv4(host) {
        return !is_version(previous);
    }
    if host == "localhost" {
        return lower.contains(':') || is_link;
    }
    internal_host(host)
}

fn is_ipv4(host: &str) -> bool {
    let parts: Vec<&str> = host.split('.').collect();
    parts.len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 3 && p.parse::<u16>().is_ok_and(|n| n <= 255))
}

/// A dotted number right after "version", "v", "verze", "phiên bản" is a version.
fn is_version(previous: &str) -> bool {
    let before = previous.trim_end().to_lowercase();
    [
        "version", "verze", "verzi", "verzí", "bản", "release", "build", "v",
    ]
    .iter()
    .any(|w| before.ends_with(w))
}

fn is_ipv6(host: &str) -> bool {
    let groups: Vec<&str> = host.split(':').collect();
    let hex = groups
        .iter()
        .all(|g| g.len() <= 4 && g.chars().all(|c| c.is_ascii_hexdigit()));
    let digits = host.chars().any(|c| c.is_ascii_hexdigit());
    hex && digits && (host.contains("::") && groups.len() >= 3 || groups.len() == 8)
}

/// A name with a dot whose labels (split on `.` and `-`) say it is internal:
/// `db1.prod.acme.net`, `api-staging.acme.io`, `ip-10-0-0-1.ec2.internal`.
fn internal_host(host: &str) -> bool {
    let labels: Vec<&str> = host.split('.').collect();
    let named = labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
    named
        && labels
            .iter()
            .flat_map(|l| l.split('-'))
            .any(|part| INTERNAL_LABELS.contains(&part))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<String> {
        let allowed = vec!["support@acme.example".to_owned()];
        leaks(text, &allowed)
            .into_iter()
            .map(|(s, e)| text.chars().skip(s).take(e - s).collect())
            .collect()
    }

    #[test]
    fn addresses_hosts_tools_and_tickets() {
        let text = "Write to support@acme.example or bob@acme.example; db1.prod.internal at 10.0.3.17 (https://jira.acme.example/browse/OPS-12).";
        assert_eq!(
            found(text),
            [
                "bob@acme.example",
                "db1.prod.internal",
                "10.0.3.17",
                "https://jira.acme.example/browse/OPS-12"
            ]
        );
        assert_eq!(
            found(
                "See https://acme.slack.com/archives/C01 and https://github.com/acme/api/issues/4411, api-staging.acme.io, localhost:8080, fe80::1ff:fe23:4567:890a."
            ),
            [
                "https://acme.slack.com/archives/C01",
                "https://github.com/acme/api/issues/4411",
                "api-staging.acme.io",
                "localhost:8080",
                "fe80::1ff:fe23:4567:890a"
            ]
        );
    }

    #[test]
    fn versions_times_and_public_names_are_not_leaks() {
        assert!(
            found("Version 2.1.0 of our status page at https://status.acme.example").is_empty()
        );
        assert!(
            found("We upgraded to version 10.4.2.1 at 14:05:00; see www.product.example.")
                .is_empty()
        );
        assert!(found("from 09:00 to 10:30, ratio 3:1, e.g. this").is_empty());
    }
}
