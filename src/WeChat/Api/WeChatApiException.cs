using System.Text.RegularExpressions;

namespace WeChat.Api;

/// <summary>
/// A failed WeChat API call. <see cref="Api"/> is the path only: tokens travel in query strings and never
/// appear in this exception, its message or its inner exception.
/// </summary>
public sealed partial class WeChatApiException : Exception
{
    public WeChatApiException(string api, int? errorCode, string errorMessage, WeChatErrorKind kind, Exception? inner = null)
        : base(Describe(api, errorCode, errorMessage), inner)
    {
        Api = api;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
        Kind = kind;
    }

    public string Api { get; }

    /// <summary>WeChat's errcode; null when the call failed below the API (HTTP status, timeout, connection).</summary>
    public int? ErrorCode { get; }

    public string ErrorMessage { get; }

    /// <summary>
    /// <see cref="ErrorMessage"/> without the suffix WeChat adds to identify each call (<c> rid: …</c>, or
    /// <c> hint: […]</c> on older answers), so two calls failing the same way read the same.
    /// </summary>
    public string StableErrorMessage => RequestIdSuffix().Replace(ErrorMessage, "");

    public WeChatErrorKind Kind { get; }

    /// <summary>
    /// Set when the platform refused the call itself, without sending it, because WeChat answered 45009 for this API
    /// and account earlier today: when the refusal ends (midnight in Beijing).
    /// </summary>
    public DateTimeOffset? RefusedUntil { get; init; }

    public static WeChatApiException FromErrorCode(string api, int errorCode, string errorMessage) =>
        new(api, errorCode, errorMessage, WeChatErrorCodes.Classify(errorCode));

    [GeneratedRegex(@"\s*\b(?:rid|hint):\s*\[?[0-9A-Za-z-]*\]?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex RequestIdSuffix();

    private static string Describe(string api, int? errorCode, string errorMessage) =>
        errorCode is { } code
            ? $"WeChat {api} failed with errcode {code}: {errorMessage}"
            : $"WeChat {api} failed: {errorMessage}";
}
