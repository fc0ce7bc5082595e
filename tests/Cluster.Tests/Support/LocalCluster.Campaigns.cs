using System.Net.Http.Json;

namespace Cluster.Tests.Support;

public sealed partial class LocalCluster
{
    /// <summary>Mini programs for release campaigns; their audits end a few seconds after submit_audit.</summary>
    public static IReadOnlyList<string> MiniPrograms { get; } = [.. Enumerable.Range(HotAccounts + IdleAccounts + 2, 6).Select(Account)];

    public static readonly TimeSpan AuditDuration = TimeSpan.FromSeconds(12);

    /// <summary>Every call of a mini-program API (<c>wxa/...</c>) the sandbox answered since <paramref name="since"/>, whatever its errcode.</summary>
    public async Task<List<SandboxCall>> CodeCallsAsync(string api, DateTimeOffset since)
    {
        using var http = new HttpClient { BaseAddress = new Uri(Sandbox.Url) };
        var calls = await http.GetFromJsonAsync<List<SandboxCall>>($"/sandbox/api/calls?api={Uri.EscapeDataString(api)}", Json);
        return [.. calls!.Where(c => c.At >= since)];
    }
}
