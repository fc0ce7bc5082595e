namespace Gateway.WeChatProxy;

/// <summary>One business call, kept whole so it can be sent a second time with a fresh token.</summary>
internal sealed record ProxyCall(
    HttpMethod Method, string Path, IReadOnlyList<(string Key, string Value)> Query, string TokenParameter, byte[] Body, string? ContentType)
{
    public async Task<ProxyAnswer> SendAsync(HttpClient client, string token, CancellationToken cancellationToken)
    {
        var query = string.Join('&', Query.Append((Key: TokenParameter, Value: token)).Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value)}"));
        using var request = new HttpRequestMessage(Method, $"{Path}?{query}");
        if (Method != HttpMethod.Get)
        {
            request.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }

        using var response = await client.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return new ProxyAnswer((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), body);
    }
}
