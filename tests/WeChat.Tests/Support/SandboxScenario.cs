using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using Sandbox;
using WeChat.Api;

namespace WeChat.Tests.Support;

/// <summary>
/// A running sandbox with the test platform registered, the platform's receiver, and the real API client
/// pointed at the sandbox over HTTP. Time in the sandbox is a <see cref="FakeTimeProvider"/>.
/// </summary>
internal sealed class SandboxScenario : IAsyncDisposable
{
    private readonly List<ServiceProvider> _clientServices = [];

    private SandboxScenario(PlatformReceiver receiver, SandboxServer sandbox, FakeTimeProvider time)
    {
        Receiver = receiver;
        Sandbox = sandbox;
        Time = time;
    }

    public PlatformReceiver Receiver { get; }

    public SandboxServer Sandbox { get; }

    public SandboxWorld World => Sandbox.World;

    public FakeTimeProvider Time { get; }

    public CapturingLoggerProvider Logs { get; } = new();

    public HttpClient Http { get; } = new(new SocketsHttpHandler { AllowAutoRedirect = false });

    public static async Task<SandboxScenario> StartAsync(Action<SandboxOptions, SandboxComponent>? configure = null, DateTimeOffset? startAt = null, FakeTimeProvider? clock = null)
    {
        var receiver = await PlatformReceiver.StartAsync();
        var time = clock ?? new FakeTimeProvider(startAt ?? DateTimeOffset.UtcNow);
        var sandbox = await SandboxServer.StartAsync(options =>
        {
            var component = new SandboxComponent
            {
                AppId = TestComponent.AppId,
                AppSecret = TestComponent.AppSecret,
                Token = TestComponent.Token,
                EncodingAESKey = TestComponent.EncodingAesKey,
                EventUrl = receiver.EventUrl,
                MessageUrl = receiver.MessageUrl,
                AllowedClientIps = ["127.0.0.1"],
                InitiatingPageDomain = TestComponent.InitiatingPageDomain,
            };
            options.Components.Add(component);
            options.Accounts.Add(new SandboxAccount
            {
                AppId = TestComponent.OfficialAccount, UserName = TestComponent.OfficialAccountUserName,
                NickName = "测试公众号", Kind = SandboxAccountKind.OfficialAccount, OpenPlatformAccount = TestComponent.OpenPlatformAccount,
            });
            options.Accounts.Add(new SandboxAccount
            {
                AppId = TestComponent.MiniProgram, UserName = "gh_7e57acc00002", NickName = "测试小程序", Kind = SandboxAccountKind.MiniProgram,
                OpenPlatformAccount = TestComponent.OpenPlatformAccount,
            });
            options.Accounts.Add(new SandboxAccount
            {
                AppId = TestComponent.UnboundOfficialAccount, UserName = "gh_7e57acc00003", NickName = "未绑定公众号", Kind = SandboxAccountKind.OfficialAccount,
            });
            options.TicketPushInterval = TimeSpan.Zero;
            configure?.Invoke(options, component);
        }, time, logging: l => l.ClearProviders());
        return new SandboxScenario(receiver, sandbox, time);
    }

    /// <summary>The component API client, configured as the platform configures it.</summary>
    public IComponentApi Client(int transientRetries = 3, TimeSpan? requestTimeout = null, string? apiBaseUrl = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WeChat:ApiBaseUrl"] = apiBaseUrl ?? Sandbox.BaseUrl,
            ["WeChat:TransientRetries"] = transientRetries.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["WeChat:RetryBaseDelay"] = "00:00:00.010",
            ["WeChat:RequestTimeout"] = (requestTimeout ?? TimeSpan.FromSeconds(10)).ToString(),
        }).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(l => l.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace))
            .AddWeChatApi()
            .BuildServiceProvider();
        _clientServices.Add(services);
        return services.GetRequiredService<IComponentApi>();
    }

    /// <summary>Asks for a ticket push and returns the ticket the platform received.</summary>
    public async Task<string> ReceiveTicketAsync(IComponentApi client)
    {
        await client.StartPushTicketAsync(TestComponent.AppId, TestComponent.AppSecret);
        return (await Receiver.NextAsync<WeChat.Xml.VerifyTicketPush>()).Ticket;
    }

    public async Task<string> ComponentTokenAsync(IComponentApi client) =>
        (await client.GetComponentTokenAsync(TestComponent.AppId, TestComponent.AppSecret, await ReceiveTicketAsync(client))).ComponentAccessToken;

    /// <summary>Authorizes <paramref name="authorizerAppId"/> through the sandbox's control API; returns the auth code.</summary>
    public async Task<string> AuthorizeAsync(string authorizerAppId = TestComponent.OfficialAccount)
    {
        using var response = await Http.PostAsJsonAsync($"{Sandbox.BaseUrl}/sandbox/api/components/{TestComponent.AppId}/authorizations",
            new Dictionary<string, object> { ["authorizer_appid"] = authorizerAppId });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<Dictionary<string, System.Text.Json.JsonElement>>();
        return body!["auth_code"].GetString()!;
    }

    /// <summary>The code a web-page OAuth redirect would carry, from the control API.</summary>
    public async Task<IssuedUserCode> OAuthCodeAsync(string authorizerAppId = TestComponent.OfficialAccount, object? request = null)
    {
        var body = await ControlJsonAsync($"components/{TestComponent.AppId}/authorizations/{authorizerAppId}/oauth-codes", request);
        return new IssuedUserCode(body["code"].GetString()!, body["open_id"].GetString()!, body["user_id"].GetString()!);
    }

    /// <summary>The code a mini program's wx.login would return, from the control API.</summary>
    public async Task<IssuedUserCode> LoginCodeAsync(string authorizerAppId = TestComponent.MiniProgram, object? request = null)
    {
        var body = await ControlJsonAsync($"components/{TestComponent.AppId}/authorizations/{authorizerAppId}/login-codes", request);
        return new IssuedUserCode(body["js_code"].GetString()!, body["open_id"].GetString()!, body["user_id"].GetString()!);
    }

    /// <summary>Opens a WeChat page as a browser does from the platform's own initiating page (the Referer WeChat checks).</summary>
    public Task<HttpResponseMessage> OpenPageAsync(string url) =>
        Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, url) { Headers = { Referrer = new Uri($"https://{TestComponent.InitiatingPageDomain}/wechat/authorize") } });

    public async Task<string> PageAsync(string url)
    {
        using var response = await OpenPageAsync(url);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    public async Task ControlAsync(string path, object? body = null)
    {
        using var response = await Http.PostAsJsonAsync($"{Sandbox.BaseUrl}/sandbox/api/{path}", body ?? new { });
        response.EnsureSuccessStatusCode();
    }

    private async Task<Dictionary<string, System.Text.Json.JsonElement>> ControlJsonAsync(string path, object? body)
    {
        using var response = await Http.PostAsJsonAsync($"{Sandbox.BaseUrl}/sandbox/api/{path}", body ?? new { });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Dictionary<string, System.Text.Json.JsonElement>>())!;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        foreach (var services in _clientServices)
        {
            await services.DisposeAsync();
        }

        await Sandbox.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}
