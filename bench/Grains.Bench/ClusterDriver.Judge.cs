using System.Text.Json;

namespace Grains.Bench;

/// <summary>B5: the sandbox journal's verdict on the refreshes.</summary>
internal static partial class ClusterDriver
{
    private sealed record Call(DateTimeOffset At, string Api, string? ComponentAppId, string? AuthorizerAppId, int ErrorCode);

    /// <summary>
    /// As B3 judges (RefreshAtScale.Judge), from the sandbox's journal of token calls: a refresh of a token younger than
    /// lifetime − RefreshBefore is doubled (early); a token still current past lifetime − MinimumValidity was missed.
    /// Also the successful refreshes inside the steady window, for CPU per refresh.
    /// </summary>
    private static async Task<int> JudgeAsync(HttpClient http, string sandbox, string prefix, int accounts, TimeSpan lifetime, TimeSpan refreshBefore, TimeSpan minimum, DateTimeOffset windowFrom, DateTimeOffset windowTo)
    {
        var now = DateTimeOffset.UtcNow;
        var calls = new List<Call>();
        foreach (var api in new[] { "cgi-bin/component/api_query_auth", "cgi-bin/component/api_authorizer_token" })
        {
            await using var stream = await http.GetStreamAsync($"{sandbox}/sandbox/api/calls?api={Uri.EscapeDataString(api)}");
            calls.AddRange((await JsonSerializer.DeserializeAsync<List<Call>>(stream, Json))!);
        }

        var issued = calls.Where(c => c.ErrorCode == 0 && c.AuthorizerAppId is not null)
            .GroupBy(c => c.AuthorizerAppId!)
            .ToDictionary(g => g.Key, g => g.Select(c => c.At).Order().ToList());
        int refreshes = 0, doubled = 0, missed = 0, cameDue = 0, never = 0;
        var minAge = TimeSpan.MaxValue;
        var maxAge = TimeSpan.Zero;
        for (var a = 0; a < accounts; a++)
        {
            var times = issued.GetValueOrDefault(Account(prefix, a)) ?? [];
            never += times.Count == 0 ? 1 : 0;
            for (var i = 1; i < times.Count; i++)
            {
                refreshes++;
                cameDue++;
                var age = times[i] - times[i - 1];
                minAge = age < minAge ? age : minAge;
                maxAge = age > maxAge ? age : maxAge;
                doubled += age < lifetime - refreshBefore ? 1 : 0;
                missed += age > lifetime - minimum ? 1 : 0;
            }

            if (times.Count > 0 && now - times[^1] > lifetime - minimum)
            {
                missed++;
                cameDue++;
            }
        }

        var refreshCalls = calls.Where(c => c.Api.EndsWith("api_authorizer_token", StringComparison.Ordinal)).ToList();
        Console.WriteLine($"judge_refreshes={refreshes}");
        Console.WriteLine($"judge_came_due={cameDue}");
        Console.WriteLine($"judge_doubled={doubled}");
        Console.WriteLine($"judge_missed={missed}");
        Console.WriteLine($"judge_never_issued={never}");
        Console.WriteLine($"judge_failed_calls={refreshCalls.Count(c => c.ErrorCode != 0)}");
        Console.WriteLine($"judge_min_age={(minAge == TimeSpan.MaxValue ? 0 : minAge.TotalSeconds):0}");
        Console.WriteLine($"judge_max_age={maxAge.TotalSeconds:0}");
        Console.WriteLine($"window_refreshes={refreshCalls.Count(c => c.ErrorCode == 0 && c.At >= windowFrom && c.At < windowTo)}");
        return 0;
    }
}
