using WeChat.Tests.Support;

namespace WeChat.Tests.SandboxTests;

public class AuthorizerListTests
{
    [Fact]
    public async Task The_list_pages_and_omits_refresh_tokens_of_codes_never_exchanged()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        var exchanged = (await client.QueryAuthAsync(token, TestComponent.AppId, await scenario.AuthorizeAsync())).AuthorizationInfo;
        await scenario.AuthorizeAsync(TestComponent.MiniProgram);
        await scenario.AuthorizeAsync(Sandbox.ReleaseTestAccounts.All[0].AppId);

        var firstPage = await client.GetAuthorizerListAsync(token, TestComponent.AppId, 0, 2);
        var secondPage = await client.GetAuthorizerListAsync(token, TestComponent.AppId, 2, 2);
        var all = new List<WeChat.Api.Wire.AuthorizerListItem>();
        await foreach (var item in client.ListAllAuthorizersAsync(token, TestComponent.AppId))
        {
            all.Add(item);
        }

        Assert.Equal(3, firstPage.TotalCount);
        Assert.Equal(2, firstPage.List.Count);
        Assert.Single(secondPage.List);
        Assert.Equal(3, all.Count);
        Assert.Equal(exchanged.AuthorizerRefreshToken, all.Single(a => a.AuthorizerAppId == TestComponent.OfficialAccount).RefreshToken);
        Assert.Null(all.Single(a => a.AuthorizerAppId == TestComponent.MiniProgram).RefreshToken);
    }

    [Fact]
    public async Task A_page_larger_than_500_is_refused_before_calling()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.GetAuthorizerListAsync("token", TestComponent.AppId, 0, 501));
    }
}
