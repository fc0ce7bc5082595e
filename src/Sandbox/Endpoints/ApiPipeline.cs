using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sandbox.State;
using WeChat.Api;

namespace Sandbox.Endpoints;

/// <summary>
/// What every emulated API does around its handler: parse the body, apply injected faults, enforce the daily
/// quota, answer errors as HTTP 200 + errcode (with a fake <c>rid</c>, as WeChat does) and record the call.
/// </summary>
internal static class ApiPipeline
{
    /// <param name="handler">Answers a JSON object, or an <see cref="IResult"/> for an answer that is not JSON (an image).</param>
    /// <param name="errorCodeAsText">Answer errcode as a JSON string, as the official example of this API shows.</param>
    public static void MapWeChatApi(this IEndpointRouteBuilder routes, string method, string api, Func<ApiCall, SandboxWorld, object> handler, bool errorCodeAsText = false) =>
        routes.MapMethods("/" + api, [method], (HttpContext http, SandboxWorld world) => HandleAsync(http, api, world, handler, errorCodeAsText))
            .ExcludeFromDescription();

    private static async Task<IResult> HandleAsync(HttpContext http, string api, SandboxWorld world, Func<ApiCall, SandboxWorld, object> handler, bool errorCodeAsText)
    {
        var (body, empty) = await ReadBodyAsync(http);
        var call = new ApiCall(http, api, body ?? [], world.Options, world.Tokens, world.Quotas) { BodyIsEmpty = empty };
        try
        {
            if (await ApplyFaultAsync(world.Faults.Take(api), errorCodeAsText, http.RequestAborted) is { } faultResult)
            {
                Record(world, api, call, -1);
                return faultResult;
            }

            if (body is null)
            {
                throw new SandboxApiError(WeChatErrorCodes.DataFormatError);
            }

            var result = handler(call, world);
            Record(world, api, call, 0);
            return result as IResult ?? Results.Json(result);
        }
        catch (SandboxApiError error)
        {
            Record(world, api, call, error.ErrorCode);
            return Error(error.ErrorCode, errorCodeAsText);
        }
    }

    public static IResult Error(int errorCode, bool errorCodeAsText) => Results.Json(new JsonObject
    {
        ["errcode"] = errorCodeAsText ? JsonValue.Create(errorCode.ToString(System.Globalization.CultureInfo.InvariantCulture)) : JsonValue.Create(errorCode),
        ["errmsg"] = $"{ErrorMessages.For(errorCode)} rid: {Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}",
    });

    public static JsonObject Ok() => new() { ["errcode"] = 0, ["errmsg"] = "ok" };

    private static async Task<IResult?> ApplyFaultAsync(Fault? fault, bool errorCodeAsText, CancellationToken cancellationToken)
    {
        switch (fault?.Kind)
        {
            case FaultKind.Delay:
                await Task.Delay(fault.Delay ?? TimeSpan.FromSeconds(30), cancellationToken);
                return null;
            case FaultKind.Http500:
                return Results.Text("<html><body>500 Internal Server Error</body></html>", "text/html", statusCode: 500);
            case FaultKind.SystemError:
                return Error(WeChatErrorCodes.SystemBusy, errorCodeAsText);
            case FaultKind.ErrorCode:
                throw new SandboxApiError(fault.ErrorCode ?? WeChatErrorCodes.SystemBusy);
            default:
                return null;
        }
    }

    // Null when the body is not a JSON object; an empty one reads as {} but is told apart (44002 for some APIs).
    private static async Task<(JsonObject? Body, bool Empty)> ReadBodyAsync(HttpContext http)
    {
        if (HttpMethods.IsGet(http.Request.Method))
        {
            return ([], true);
        }

        using var reader = new StreamReader(http.Request.Body);
        var text = await reader.ReadToEndAsync(http.RequestAborted);
        if (string.IsNullOrWhiteSpace(text))
        {
            return ([], true);
        }

        try
        {
            return (JsonNode.Parse(text) as JsonObject, false);
        }
        catch (JsonException)
        {
            return (null, false);
        }
    }

    private static void Record(SandboxWorld world, string api, ApiCall call, int errorCode) =>
        world.Calls.Record(new SandboxCall(world.Time.GetUtcNow(), api, call.ComponentAppId, call.AuthorizerAppId, errorCode));
}
