using Microsoft.Extensions.Options;
using ServiceDefaults;
using WeChat.Options;

namespace Gateway.Operations;

internal static class OperationsEndpoints
{
    public static void MapOperations(this WebApplication app)
    {
        app.MapDefaultEndpoints();

        // WeChat asks platforms to prove domain ownership with a file at the domain root (e.g. MP_verify_xxx.txt).
        app.MapGet("/{name}", (string name, IOptions<WeChatOptions> options) =>
            options.Value.VerificationFiles.Find(f => f.Name == name) is { } file
                ? TypedResults.Text(file.Content, "text/plain")
                : (IResult)TypedResults.NotFound()).ExcludeFromDescription();
    }
}
