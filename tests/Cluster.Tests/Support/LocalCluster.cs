using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;

namespace Cluster.Tests.Support;

/// <summary>
/// The production topology on loopback, each part its own process: PostgreSQL, the WeChat sandbox, three silos
/// and a gateway. Authorizer tokens live 150 s so refreshes happen within a test; reminders tick every minute.
/// </summary>
public sealed partial class LocalCluster : IAsyncLifetime
{
    public const string ComponentAppId = "wx5a4db0c0de000001";
    public const string ApiKey = "cluster-test-key";
    public const int HotAccounts = 12;
    public const int IdleAccounts = 11;

    /// <summary>What a node listens on when it may pick its own port.</summary>
    private const string AnyPort = "http://127.0.0.1:0";

    public static readonly TimeSpan TokenLifetime = TimeSpan.FromSeconds(150);
    public static readonly TimeSpan RefreshBefore = TimeSpan.FromSeconds(100);
    public static readonly TimeSpan MinimumValidity = TimeSpan.FromSeconds(20);

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static JsonSerializerOptions Json => JsonOptions;

    private readonly string _logs = Directory.CreateTempSubdirectory("wechat-cluster-").FullName;
    private Dictionary<string, string> _gatewayEnvironment = [];

    private string _database = "";

    public PostgresServer Postgres { get; private set; } = null!;

    public NodeProcess Sandbox { get; private set; } = null!;

    public NodeProcess Gateway { get; private set; } = null!;

    public List<NodeProcess> Silos { get; } = [];

    public HttpClient Api { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public WebhookReceiver Webhook { get; } = new();

    /// <summary>Accounts read continuously by the tests' clients, those nobody reads, and one the tests may refresh at will.</summary>
    public static IReadOnlyList<string> Hot { get; } = [.. Enumerable.Range(1, HotAccounts).Select(Account)];

    public static IReadOnlyList<string> Idle { get; } = [.. Enumerable.Range(HotAccounts + 1, IdleAccounts).Select(Account)];

    public static string Probe { get; } = Account(HotAccounts + IdleAccounts + 1);

    public static IEnumerable<string> All => Hot.Concat(Idle).Append(Probe).Concat(MiniPrograms);

    public async ValueTask InitializeAsync()
    {
        Postgres = await PostgresServer.StartAsync();
        var database = await Postgres.CreateDatabaseAsync();
        // The tests' own connections are not pooled: a pooled one would outlive a database restart of another test.
        _database = database + ";Pooling=false";
        // The sandbox pushes to the gateway and the gateway restarts in place: its port is fixed before it starts.
        // The others bind port 0 and say where they listen.
        var gatewayUrl = $"http://127.0.0.1:{ReservedPorts.Take()}";
        var shared = new Dictionary<string, string>
        {
            ["ConnectionStrings__Orleans"] = database + ";Timeout=5;Command Timeout=10",
            ["Storage__EncryptionKeys__0__Id"] = "test",
            ["Storage__EncryptionKeys__0__Key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Orleans__ClusterId"] = "cluster-tests",
            ["WeChat__Components__0__AppId"] = ComponentAppId,
            ["WeChat__Components__0__AppSecret"] = "sandbox-demo-component-secret",
            ["WeChat__Components__0__Token"] = "sandboxdemotoken",
            ["WeChat__Components__0__EncodingAESKey"] = "SandboxDemoEncodingAESKey000000000000000000",
            ["Tokens__RefreshBefore"] = RefreshBefore.ToString(),
            ["Tokens__MinimumValidity"] = MinimumValidity.ToString(),
            ["Tokens__ReminderPeriod"] = "00:01:00",
            ["Tokens__RefreshJitter"] = "00:00:10",
            ["Tokens__RefreshClaimLifetime"] = "00:01:00",
            ["WeChat__Components__0__WebhookUrl"] = Webhook.Url,
            ["WeChat__Components__0__WebhookSecret"] = WebhookReceiver.Secret,
            ["Webhooks__RetryBaseDelay"] = "00:00:01",
            ["Webhooks__RetryMaxDelay"] = "00:00:02",
            ["Campaigns__ReminderPeriod"] = "00:01:00",
            ["Campaigns__StepRetryAfter"] = "00:00:02",
            ["Campaigns__AuditQuotaRetry"] = "00:00:02",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
            // Enough to tell afterwards what the members did when a test failed (connections, drops, refreshes),
            // without a line per API request.
            ["Logging__LogLevel__Orleans"] = "Information",
            ["Logging__LogLevel__Grains"] = "Information",
            ["Logging__LogLevel__Gateway"] = "Information",
            ["Logging__LogLevel__Gateway.Access"] = "Warning",
        };
        // Mutual TLS between the members, as in production: the silos share one certificate, the gateways another.
        foreach (var (key, value) in TestAuthority.Cluster.Environment("silo"))
        {
            shared[key] = value;
        }

        var sandbox = new Dictionary<string, string>
        {
            ["Sandbox__IncludeReleaseTestAccounts"] = "false",
            ["Sandbox__AuthorizerTokenLifetime"] = TokenLifetime.ToString(),
            ["Sandbox__Components__0__AppId"] = ComponentAppId,
            ["Sandbox__Components__0__AppSecret"] = "sandbox-demo-component-secret",
            ["Sandbox__Components__0__Token"] = "sandboxdemotoken",
            ["Sandbox__Components__0__EncodingAESKey"] = "SandboxDemoEncodingAESKey000000000000000000",
            ["Sandbox__Components__0__EventUrl"] = $"{gatewayUrl}/wechat/{ComponentAppId}/events",
            ["Sandbox__Components__0__MessageUrl"] = $"{gatewayUrl}/wechat/{ComponentAppId}/messages/$APPID$",
            ["Sandbox__Components__0__AllowedClientIps__0"] = "127.0.0.1",
            ["Sandbox__Components__0__InitiatingPageDomain"] = "127.0.0.1",
            ["Sandbox__CodeManagement__AuditDuration"] = AuditDuration.ToString(),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var i = 0;
        foreach (var account in All)
        {
            sandbox[$"Sandbox__Accounts__{i}__AppId"] = account;
            sandbox[$"Sandbox__Accounts__{i}__UserName"] = "gh_" + account[2..];
            sandbox[$"Sandbox__Accounts__{i}__NickName"] = "Cluster test " + i;
            if (MiniPrograms.Contains(account))
            {
                sandbox[$"Sandbox__Accounts__{i}__Kind"] = "MiniProgram";
            }

            i++;
        }

        Sandbox = new NodeProcess("sandbox", NodeProcess.Binary("Sandbox"), AnyPort, sandbox, _logs);
        Sandbox.Start();
        await Sandbox.WaitReadyAsync("/sandbox/api/calls");
        shared["WeChat__ApiBaseUrl"] = shared["WeChat__PortalBaseUrl"] = shared["WeChat__MobilePortalBaseUrl"] = Sandbox.Url;

        var migrate = await SiloCommand.RunAsync("migrate", shared);
        if (migrate.ExitCode != 0)
        {
            throw new InvalidOperationException($"migrate failed: {migrate.Output}");
        }

        for (var s = 1; s <= 3; s++)
        {
            Silos.Add(new NodeProcess($"silo{s}", NodeProcess.Binary("Silo"), AnyPort, new Dictionary<string, string>(shared)
            {
                ["Orleans__AdvertisedIP"] = "127.0.0.1",
                ["Orleans__SiloPort"] = ReservedPorts.Take().ToString(CultureInfo.InvariantCulture),
                ["Orleans__GatewayPort"] = ReservedPorts.Take().ToString(CultureInfo.InvariantCulture),
                ["Orleans__SiloName"] = $"silo{s}",
            }, _logs));
        }

        // The gateway without the storage keys, as deployed: only silos read and write grain state.
        _gatewayEnvironment = new Dictionary<string, string>(shared.Where(s => !s.Key.StartsWith("Storage__", StringComparison.Ordinal)))
        {
            ["Gateway__ApiKeys__0"] = ApiKey,
        };
        foreach (var (key, value) in TestAuthority.Cluster.Environment("gateway"))
        {
            _gatewayEnvironment[key] = value;
        }

        Gateway = new NodeProcess("gateway", NodeProcess.Binary("Gateway"), gatewayUrl, _gatewayEnvironment, _logs);
        Api.BaseAddress = new Uri(gatewayUrl);
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);

        await StartAllAsync();
        await AuthorizeAllAsync();
    }

    public async Task StartAllAsync()
    {
        foreach (var silo in Silos.Where(s => !s.Running))
        {
            silo.Start();
        }

        await Task.WhenAll(Silos.Select(s => s.WaitReadyAsync()));
        if (!Gateway.Running)
        {
            Gateway.Start();
        }

        await Gateway.WaitReadyAsync();

        // A test starts from a settled cluster: the incarnations of silos killed earlier are declared dead, not still probed.
        await Eventually.Until(async () => await ActiveSilosAsync() == Silos.Count(s => s.Running), TimeSpan.FromMinutes(3),
            "the membership table lists exactly the running silos as active");
    }

    public async Task StopAllAsync()
    {
        await Gateway.StopAsync();
        await Task.WhenAll(Silos.Select(s => s.StopAsync()));
    }

    /// <summary>Has the sandbox push a user's text message of an account, as WeChat does; true when the gateway answered it.</summary>
    public async Task<bool> PushMessageAsync(string authorizerAppId, string text)
    {
        using var sandbox = new HttpClient { BaseAddress = new Uri(Sandbox.Url) };
        using var response = await sandbox.PostAsJsonAsync($"/sandbox/api/components/{ComponentAppId}/authorizations/{authorizerAppId}/messages", new { open_id = "oClusterTestUser", text });
        return response.IsSuccessStatusCode && (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("delivered").GetBoolean();
    }

    /// <summary>The status (Orleans SiloStatus: 3 active, 5 shutting down, 6 dead) of a silo's newest membership row.</summary>
    public async Task<int> SiloStatusAsync(string siloName)
    {
        await using var connection = new Npgsql.NpgsqlConnection(_database);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT status FROM orleans_membership WHERE silo_name = @name ORDER BY generation DESC LIMIT 1", connection);
        command.Parameters.AddWithValue("name", siloName);
        return (int)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>How many silos the membership table lists as active (Orleans SiloStatus 3).</summary>
    public async Task<long> ActiveSilosAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(_database);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM orleans_membership WHERE status = 3", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Runs SQL against the cluster's database, as an operator (or a crash) would change it behind the silos.</summary>
    public async Task<int> ExecuteSqlAsync(string sql, params object[] parameters)
    {
        await using var connection = new Npgsql.NpgsqlConnection(_database);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = value });
        }

        return await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Silos.Append(Gateway).Concat(_otherGateways).Append(Sandbox).Where(n => n is { Running: true }))
        {
            await node.KillAsync();
        }

        await Postgres.DisposeAsync();
        Api.Dispose();
        await Webhook.DisposeAsync();
    }

    private static string Account(int n) => $"wx0c1057e{n:D9}";
}

public sealed record AuthorizerBody(string AuthorizerAppid, string Status, DateTimeOffset? ExpiresAt);

public sealed record SandboxCall(DateTimeOffset At, string Api, string? ComponentAppId, string? AuthorizerAppId, int ErrorCode);
