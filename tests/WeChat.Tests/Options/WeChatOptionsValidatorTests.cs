using WeChat.Options;

namespace WeChat.Tests.Options;

public class WeChatOptionsValidatorTests
{
    private static WeChatOptions Valid() => new()
    {
        Components = [new ComponentOptions { AppId = "wxc", AppSecret = "s", Token = "t", EncodingAESKey = new string('A', 43) }],
    };

    [Fact]
    public void Valid_options_pass() => Assert.True(new WeChatOptionsValidator().Validate(null, Valid()).Succeeded);

    [Theory]
    [InlineData("key", "WeChat:Components:0:EncodingAESKey")]
    [InlineData("secret", "WeChat:Components:0:AppSecret")]
    [InlineData("url", "WeChat:ApiBaseUrl")]
    [InlineData("webhook", "WeChat:Components:0:WebhookSecret")]
    [InlineData("duplicate", "more than once")]
    [InlineData("connections", "WeChat:MaxConnections")]
    public void Each_problem_names_its_key(string problem, string expected)
    {
        var options = Valid();
        switch (problem)
        {
            case "key": options.Components[0].EncodingAESKey = "short"; break;
            case "secret": options.Components[0].AppSecret = ""; break;
            case "url": options.ApiBaseUrl = "/relative"; break;
            case "webhook": options.Components[0].WebhookUrl = "https://biz.example/hook"; break;
            case "duplicate": options.Components.Add(options.Components[0]); break;
            case "connections": options.MaxConnections = 0; break;
        }

        var result = new WeChatOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage);
    }
}
