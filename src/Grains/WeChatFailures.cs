using WeChat.Api;

namespace Grains;

/// <summary>Turns a WeChat failure into what a caller of a grain is told.</summary>
internal static class WeChatFailures
{
    public static PlatformException ToUnavailable(this WeChatApiException error, TokenLifecycleOptions options, string what) =>
        error.Kind switch
        {
            WeChatErrorKind.Transient => new PlatformException(PlatformProblem.WeChatUnavailable,
                $"WeChat is unavailable and no valid {what} is at hand ({error.ErrorMessage}).", options.UnavailableRetryAfter),
            WeChatErrorKind.Quota => new PlatformException(PlatformProblem.QuotaExhausted,
                $"WeChat's quota for {what} is used up (errcode {error.ErrorCode}).", QuotaBackoff(error, options)),
            WeChatErrorKind.IpNotWhitelisted => new PlatformException(PlatformProblem.IpNotWhitelisted,
                "This server's IP is not on the platform's IP whitelist (61004); add it in the WeChat Open Platform console."),
            WeChatErrorKind.TicketProblem => new PlatformException(PlatformProblem.NoTicket,
                $"WeChat refused the component_verify_ticket ({error.ErrorCode}); waiting for a new push.", options.UnavailableRetryAfter),
            _ => new PlatformException(PlatformProblem.WeChatRefused,
                $"WeChat refused the {what} call: errcode {error.ErrorCode}, {error.ErrorMessage}"),
        };

    public static TimeSpan QuotaBackoff(WeChatApiException error, TokenLifecycleOptions options) =>
        error.ErrorCode == WeChatErrorCodes.MinuteQuotaReached ? options.MinuteQuotaBackoff : options.DailyQuotaBackoff;

    public static string ClassName(this WeChatApiException error) => error.Kind.ToString();
}
