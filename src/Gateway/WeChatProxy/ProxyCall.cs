namespace Gateway.WeChatProxy;

/// <summary>One business call, kept whole so it can be sent a second time with a fresh token.</summary>
internal sealed record ProxyCall(
    HttpMethod Method, string Path, IReadOnlyList<(string Key, string Value)> Query, string TokenParameter, byte[] Body, string? ContentType)
{
    /// <summary>The request to WeChat, relative to the client's base address, carrying <paramref name="token"/>.</summary>
    public HttpRequestMessage ToRequest(string token)
    {
        var query = string.Join('&', Query.Append((Key: TokenParameter, Value: token)).Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value)}"));
        var request = new HttpRequestMessage(Method, $"{Path}?{query}");
        if (Method != HttpMethod.Get)
        {
            request.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }

        return request;
    }
}
