using System.Text.Json;
using Microsoft.Extensions.Options;
using WeChat.Options;

namespace WeChat.Api.Quotas;

/// <summary>
/// On every HTTP client that calls WeChat's APIs: a call made for an account (<see cref="WeChatAccountScope"/>) is
/// counted against that account's API path, and after WeChat answered it 45009 the call is refused here, as a
/// <see cref="WeChatApiException"/> with <see cref="WeChatApiException.RefusedUntil"/>, without being sent.
/// Calls made for no account (the platform's own) pass untouched, as every call does in a process with no ledger (the
/// WeChat client used on its own).
/// </summary>
public sealed class QuotaLedgerHandler(IOptions<WeChatOptions> options, IWeChatCallLedger? ledger = null) : DelegatingHandler
{
    /// <summary>WeChat's JSON answers are small; a larger body (a media download) is never an errcode.</summary>
    private const int MaxInspectedBytes = 64 * 1024;

    private readonly string _basePath = new Uri(options.Value.ApiBaseUrl.TrimEnd('/') + "/").AbsolutePath;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (ledger is null || WeChatAccountScope.Current is not { } account || request.RequestUri is not { IsAbsoluteUri: true } uri)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var api = ApiPath(uri);
        if (ledger.RefusedUntil(account, api) is { } until)
        {
            throw new WeChatApiException(api.TrimStart('/'), WeChatErrorCodes.DailyQuotaReached,
                "refused by the platform: WeChat answered 45009 for this API and account today", WeChatErrorKind.Quota)
            {
                RefusedUntil = until,
            };
        }

        var response = await base.SendAsync(request, cancellationToken);
        ledger.Count(account, api, await ErrorCodeAsync(response, cancellationToken));
        return response;
    }

    /// <summary>The API path as WeChat's quota APIs name it (<c>/cgi-bin/…</c>), below the configured base address.</summary>
    private string ApiPath(Uri uri)
    {
        var path = uri.AbsolutePath;
        return "/" + (path.StartsWith(_basePath, StringComparison.Ordinal) ? path[_basePath.Length..] : path.TrimStart('/'));
    }

    private static async Task<int?> ErrorCodeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > MaxInspectedBytes)
        {
            return null;
        }

        // Buffered, so whoever reads the answer next still reads all of it.
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        if (response.Content.Headers.ContentLength is not (> 0 and <= MaxInspectedBytes))
        {
            return null;
        }

        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (body[0] != (byte)'{')
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("errcode", out var code) ? ReadCode(code) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static int? ReadCode(JsonElement code) => code.ValueKind switch
    {
        JsonValueKind.Number when code.TryGetInt32(out var number) => number,
        JsonValueKind.String when int.TryParse(code.GetString(), out var text) => text,
        _ => null,
    };
}
