using System.Collections.Concurrent;
using Gateway.WeChatProxy;

namespace Gateway.Tests.Support;

/// <summary>The development gateway with every request its WeChat proxies send recorded, to show what a refusal did not send.</summary>
public sealed class ProxyTrafficHost : GatewayHost
{
    /// <summary>Method and path (as sent, escapes kept) of every request the proxies sent.</summary>
    public ConcurrentQueue<string> Sent { get; } = new();

    protected override void Configure(WebApplicationBuilder builder) =>
        builder.Services.AddHttpClient(WeChatProxyClient.Name).AddHttpMessageHandler(() => new Recorder(Sent));

    /// <summary>Sends <paramref name="target"/> exactly as written: no dot segment resolved, no escape decoded or added.</summary>
    public async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string target)
    {
        using var request = new HttpRequestMessage(method, new Uri(BaseUrl + target, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true }));
        if (method == HttpMethod.Post)
        {
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        }

        return await Api.SendAsync(request);
    }

    private sealed class Recorder(ConcurrentQueue<string> sent) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            sent.Enqueue($"{request.Method} {request.RequestUri!.AbsolutePath}");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
