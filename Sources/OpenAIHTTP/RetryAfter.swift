import Foundation

/// Reads how long a server asks a client to wait before trying again: `Retry-After` as
/// delay-seconds or an HTTP-date (RFC 9110 §10.2.3), or OpenAI's `retry-after-ms`.
enum RetryAfter {
    /// The wait in seconds (never negative), or nil when neither header says one.
    static func seconds(header: String?, milliseconds: String?, now: Date = Date()) -> TimeInterval? {
        if let milliseconds, let value = Double(milliseconds.trimmingCharacters(in: .whitespaces)),
            value.isFinite, value >= 0
        {
            return value / 1000
        }
        guard let header = header?.trimmingCharacters(in: .whitespaces), !header.isEmpty else { return nil }
        if let delay = Double(header) { return delay.isFinite && delay >= 0 ? delay : nil }
        guard let date = httpDate.date(from: header) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }

    /// IMF-fixdate, the form RFC 9110 asks senders to use: `Sun, 06 Nov 1994 08:49:37 GMT`.
    private static var httpDate: DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter
    }
}
