namespace Gateway.WeChatProxy;

/// <summary>The proxies' one HTTP client: WeChat's API base address and timeout are set where it is registered.</summary>
internal sealed class WeChatProxyClient(HttpClient http)
{
    public const string Name = "WeChatProxy";

    public async Task<ProxyAnswer> SendAsync(ProxyCall call, string token, CancellationToken cancellationToken)
    {
        using var request = call.ToRequest(token);
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return new ProxyAnswer((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), body);
    }
}
