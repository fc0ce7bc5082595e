using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Grains.Tests.Support;
using Sandbox.State;
using WeChat.Api;

namespace Grains.Tests;

/// <summary>
/// Reports of rejected tokens cannot spend WeChat's quota: a token obtained because of a report is trusted for
/// <c>Tokens:RejectionCooldown</c> (one minute by default).
/// </summary>
public sealed class RejectionCooldownTests(TokenCluster cluster) : IClassFixture<TokenCluster>
{
    private const int Reports = 30;

    [Fact]
    public async Task Thirty_reports_each_naming_the_current_authorizer_token_cause_one_refresh_and_after_the_cooldown_a_report_refreshes_again()
    {
        await cluster.StartComponentAsync();
        var account = Accounts.Account(1);
        await cluster.AuthorizeAsync(account);
        var first = await cluster.Authorizer(account).GetTokenAsync();
        var before = cluster.Calls(ComponentApis.AuthorizerToken, account);

        var current = first;
        for (var i = 0; i < Reports; i++)
        {
            current = await cluster.Authorizer(account).RefreshIfCurrentAsync(current.Value);
        }

        Assert.NotEqual(first.Value, current.Value);
        Assert.Equal(before + 1, cluster.Calls(ComponentApis.AuthorizerToken, account));

        cluster.Time.Advance(TimeSpan.FromSeconds(61));
        var afterCooldown = await cluster.Authorizer(account).RefreshIfCurrentAsync(current.Value);
        var reportedAgain = await cluster.Authorizer(account).RefreshIfCurrentAsync(afterCooldown.Value);

        Assert.NotEqual(current.Value, afterCooldown.Value);
        Assert.Equal(afterCooldown, reportedAgain);
        Assert.Equal(before + 2, cluster.Calls(ComponentApis.AuthorizerToken, account));
    }

    [Fact]
    public async Task Thirty_reports_each_naming_the_current_component_token_cause_one_refresh_and_after_the_cooldown_a_report_refreshes_again()
    {
        // Past the cooldown of a component token another test of the class obtained by a report.
        await cluster.StartComponentAsync();
        cluster.Time.Advance(TimeSpan.FromSeconds(61));
        var first = await cluster.Component.GetTokenAsync();
        var before = cluster.Calls(ComponentApis.ComponentToken);

        var current = first;
        for (var i = 0; i < Reports; i++)
        {
            current = await cluster.Component.RefreshIfCurrentAsync(current.Value);
        }

        Assert.NotEqual(first.Value, current.Value);
        Assert.Equal(before + 1, cluster.Calls(ComponentApis.ComponentToken));

        cluster.Time.Advance(TimeSpan.FromSeconds(61));
        var afterCooldown = await cluster.Component.RefreshIfCurrentAsync(current.Value);

        Assert.NotEqual(current.Value, afterCooldown.Value);
        Assert.Equal(before + 2, cluster.Calls(ComponentApis.ComponentToken));
    }

    [Fact]
    public void The_cooldown_is_one_minute_unless_configured()
    {
        var defaults = new TokenLifecycleOptions();

        Assert.Equal(TimeSpan.FromMinutes(1), defaults.RejectionCooldown);
        Assert.Empty(defaults.Validate(new ValidationContext(defaults)));
    }

    [Theory]
    [InlineData("-00:00:01")]
    [InlineData("00:15:00")]
    public void A_negative_cooldown_or_one_as_long_as_the_refresh_window_is_refused_naming_the_setting(string cooldown)
    {
        var options = new TokenLifecycleOptions { RejectionCooldown = TimeSpan.Parse(cooldown, CultureInfo.InvariantCulture) };

        Assert.Contains(options.Validate(new ValidationContext(options)), f => f.ErrorMessage!.Contains("Tokens:RejectionCooldown", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_component_token_rejected_on_every_authorizer_refresh_is_refreshed_once_within_the_cooldown()
    {
        await cluster.StartComponentAsync();
        var account = Accounts.Account(2);
        await cluster.AuthorizeAsync(account);

        // Past the cooldown of a component token another test of the class obtained by a report.
        cluster.Time.Advance(TimeSpan.FromSeconds(61));
        var componentRefreshes = cluster.Calls(ComponentApis.ComponentToken);

        // WeChat rejects the component token on every api_authorizer_token call: each report asks for a refresh.
        cluster.WeChat.Faults.Add(new Fault(FaultKind.ErrorCode, 1000, ComponentApis.AuthorizerToken, WeChatErrorCodes.InvalidCredential));
        try
        {
            for (var i = 0; i < 10; i++)
            {
                var rejected = await cluster.Authorizer(account).GetTokenAsync();
                await Assert.ThrowsAsync<PlatformException>(() => cluster.Authorizer(account).RefreshIfCurrentAsync(rejected.Value));
            }
        }
        finally
        {
            cluster.WeChat.Faults.Clear();
        }

        Assert.Equal(componentRefreshes + 1, cluster.Calls(ComponentApis.ComponentToken));
    }
}
