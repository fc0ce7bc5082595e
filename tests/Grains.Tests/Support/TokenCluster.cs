using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Hosting;
using Orleans.Reminders;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;
using Grains.Index;
using Sandbox;

namespace Grains.Tests.Support;

/// <summary>
/// Real Orleans silos running the token grains, the WeChat sandbox over real HTTP, and one fake clock shared by
/// the sandbox, the grains and the reminder service, so a token's whole life runs in seconds without sleeping.
/// </summary>
public class TokenCluster : IAsyncLifetime
{
    private EventForwarder? _forwarder;
    private ReminderTicks? _ticks;

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public SandboxServer Sandbox { get; private set; } = null!;

    public SandboxWorld WeChat => Sandbox.World;

    public IGrainFactory Grains => Cluster.Client;

    public SharedGrainStore Store { get; } = new();

    /// <summary>The authorizer index and code ledger every silo writes, as PostgreSQL is shared in production.</summary>
    public InMemoryAuthorizerIndex Index { get; } = new();

    public InMemoryAuthorizationCodeLedger ExchangedCodes { get; } = new();

    /// <summary>What the store holds for a grain, read as the grains would.</summary>
    public T? Peek<T>(string stateName, IAddressable grain) =>
        Store.Read(SharedGrainStore.Key(stateName, grain.GetGrainId())) is { } row
            ? Cluster.Client.ServiceProvider.GetRequiredService<Serializer>().Deserialize<T>(row.Data)
            : default;

    /// <summary>Changes what the store holds for a grain behind its back, as a silo that died after writing leaves it.</summary>
    public void Rewrite<T>(string stateName, IAddressable grain, Action<T> change)
    {
        var key = SharedGrainStore.Key(stateName, grain.GetGrainId());
        var row = Store.Read(key) ?? throw new InvalidOperationException($"Nothing is stored for {key}.");
        var serializer = Cluster.Client.ServiceProvider.GetRequiredService<Serializer>();
        var state = serializer.Deserialize<T>(row.Data) ?? throw new InvalidOperationException($"{key} holds nothing.");
        change(state);
        Store.Write(key, serializer.SerializeToArray(state), row.ETag);
    }

    public HttpClient Http { get; } = new();

    protected virtual short Silos => 2;

    /// <summary>What a derived cluster adds to or replaces in every silo's services, after the rest.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>What a derived cluster changes in the sandbox's options before it starts.</summary>
    protected virtual void ConfigureSandbox(SandboxOptions options)
    {
    }

    /// <summary>What a derived cluster adds to every silo's configuration.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    public IComponentGrain Component => Grains.GetGrain<IComponentGrain>(Accounts.ComponentAppId);

    /// <summary>The platform's accounts as listing shows them, from the index.</summary>
    public async Task<IReadOnlyList<AuthorizerEntry>> ListAuthorizersAsync(AuthorizerStatus? status = null) =>
        (await Grains.GetGrain<IAuthorizerDirectoryGrain>(Accounts.ComponentAppId).ListAsync(new AuthorizerQuery(null, AuthorizerQuery.MaxLimit, status))).Items;

    public IAuthorizerGrain Authorizer(string authorizerAppId) =>
        Grains.GetGrain<IAuthorizerGrain>(AuthorizerKey.For(Accounts.ComponentAppId, authorizerAppId));

    public async ValueTask InitializeAsync()
    {
        _forwarder = await EventForwarder.StartAsync();
        Sandbox = await SandboxServer.StartAsync(options =>
        {
            options.TicketPushInterval = TimeSpan.Zero;
            options.Components.Add(new SandboxComponent
            {
                AppId = Accounts.ComponentAppId,
                AppSecret = Accounts.ComponentSecret,
                Token = Accounts.Token,
                EncodingAESKey = Accounts.EncodingAesKey,
                EventUrl = _forwarder.Url,
                MessageUrl = _forwarder.MessageUrl,
                AllowedClientIps = ["127.0.0.1"],
            });
            for (var i = 0; i < 32; i++)
            {
                options.Accounts.Add(new SandboxAccount
                {
                    AppId = Accounts.Account(i), UserName = $"gh_7e57acc1{i:D4}", NickName = $"Account {i}",
                    Kind = i % 2 == 0 ? SandboxAccountKind.OfficialAccount : SandboxAccountKind.MiniProgram,
                });
            }

            ConfigureSandbox(options);
        }, Time, logging: l => l.ClearProviders());

        var builder = new InProcessTestClusterBuilder(Silos);
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WeChat:ApiBaseUrl"] = Sandbox.BaseUrl,
            ["WeChat:RetryBaseDelay"] = "00:00:00.010",
            ["WeChat:Components:0:AppId"] = Accounts.ComponentAppId,
            ["WeChat:Components:0:AppSecret"] = Accounts.ComponentSecret,
            ["WeChat:Components:0:Token"] = Accounts.Token,
            ["WeChat:Components:0:EncodingAESKey"] = Accounts.EncodingAesKey,
            ["Tokens:TicketWait"] = "00:00:05",
        }.Concat(Settings)));
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseInMemoryReminderService();
            // Every reminder stays loaded from its registration: with the default window, a reminder is loaded by a
            // periodic table read shortly before it is due, and a fake clock moved on meanwhile would skip its tick.
            silo.Configure<ReminderOptions>(options => options.ReminderLoadingWindow = TimeSpan.FromDays(30));
            silo.Services.AddSingleton<IAuthorizerIndex>(Index);
            silo.Services.AddSingleton<IAuthorizationCodeLedger>(ExchangedCodes);
            silo.Services.AddPlatformGrains();
            silo.Services.AddKeyedSingleton<TimeProvider>(GrainClock.Key, Time);
            silo.Services.AddKeyedSingleton<TimeProvider>(ReminderTimeProviderNames.Reminders, Time);
            silo.Services.AddKeyedSingleton<IGrainStorage>(GrainStorage.Name,
                (sp, _) => new SharedGrainStorage(Store, sp.GetRequiredService<Serializer>()));
            ConfigureServices(silo.Services);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        _ticks = new ReminderTicks(Cluster);
        _forwarder.Grains = Cluster.Client;
    }

    /// <summary>
    /// Moves the shared clock forward a step at a time; after each step, waits until every reminder the step made due
    /// has been delivered to its grain and answered, so the next step finds the grains where a real clock would.
    /// Each step starts once every reminder waits for its next tick, so none misses the tick the step makes due.
    /// </summary>
    public async Task AdvanceAsync(TimeSpan by, TimeSpan? step = null)
    {
        var each = step ?? TimeSpan.FromMinutes(1);
        for (var moved = TimeSpan.Zero; moved < by; moved += each)
        {
            await _ticks!.ArmedAsync();
            var schedule = await _ticks.ScheduleAsync();
            var from = Time.GetUtcNow();
            Time.Advance(each);
            await _ticks.DeliveredAsync(schedule, from, Time.GetUtcNow());
        }
    }

    /// <summary>Asks the sandbox for a ticket push and waits until the component holds a token.</summary>
    public async Task<AccessToken> StartComponentAsync()
    {
        using (var push = await Http.PostAsync($"{Sandbox.BaseUrl}/sandbox/api/components/{Accounts.ComponentAppId}/ticket", null))
        {
            push.EnsureSuccessStatusCode();
        }

        return await Component.GetTokenAsync();
    }

    /// <summary>Approves the platform for an account in the sandbox and exchanges the code through the component grain.</summary>
    public async Task<AuthorizerSummary> AuthorizeAsync(string authorizerAppId) =>
        await Component.CompleteAuthorizationAsync(await ApproveAsync(authorizerAppId, pushEvent: false));

    public async Task<string> ApproveAsync(string authorizerAppId, bool pushEvent)
    {
        using var response = await Http.PostAsJsonAsync($"{Sandbox.BaseUrl}/sandbox/api/components/{Accounts.ComponentAppId}/authorizations",
            new Dictionary<string, object> { ["authorizer_appid"] = authorizerAppId, ["push_event"] = pushEvent });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("auth_code").GetString()!;
    }

    public async Task ControlAsync(string path, object? body = null)
    {
        using var response = await Http.PostAsJsonAsync($"{Sandbox.BaseUrl}/sandbox/api/{path}", body ?? new { });
        response.EnsureSuccessStatusCode();
    }

    public int Calls(string api) => WeChat.Calls.Count(api, errorCode: null);

    public int Calls(string api, string authorizerAppId) => WeChat.Calls.All(api).Count(c => c.AuthorizerAppId == authorizerAppId);

    public async ValueTask DisposeAsync()
    {
        _ticks?.Dispose();
        Http.Dispose();
        await Cluster.DisposeAsync();
        await Sandbox.DisposeAsync();
        await _forwarder!.DisposeAsync();
    }
}
