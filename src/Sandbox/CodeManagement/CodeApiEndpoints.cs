using System.Text.Json.Nodes;
using Sandbox.Endpoints;
using Sandbox.State;
using WeChat.Api;

namespace Sandbox.CodeManagement;

/// <summary>commit, get_page, get_category and get_qrcode: a mini program's experience version (体验版), with its authorizer token.</summary>
internal static class CodeApiEndpoints
{
    private const int MaxUserVersionLength = 64;

    // A small QR-code-like picture. WeChat labels its answer image/jpeg, and so does the sandbox, though these bytes are a
    // PNG: image readers and browsers go by the bytes, and a client that checks the label sees what WeChat sends.
    private static readonly byte[] QrCode = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAFwAAABcAQAAAADLlO/1AAAAjklEQVR42p3UQRKFIAwD0Nwg979lbtDfVP3DzlQYhLeAwYCijoIQAtzc5ahSSdPFEOZ5dznqA4QdZqN17vodDqTOdN7hwB3H/xQCiEbP5gLdq0ciY7jSx+UFUlBg19qg8zhWy+BCR48Ykzh7vphjcu8BkcOXqAe+5ytg2g56Xi7E3FSAxRzXh96oGB/+Oz/bHvoTqgm6bgAAAABJRU5ErkJggg==");

    public static void MapCodeApis(this IEndpointRouteBuilder routes)
    {
        routes.MapWeChatApi("POST", CodeApis.Commit, Commit);
        routes.MapWeChatApi("GET", CodeApis.GetPage, GetPage);
        routes.MapWeChatApi("GET", CodeApis.GetCategory, GetCategory);
        routes.MapWeChatApi("GET", CodeApis.GetQrCode, GetQrCode);
    }

    private static JsonObject Commit(ApiCall call, SandboxWorld world)
    {
        var token = MiniProgramAccess.Require(call, world);
        var template = call.Id("template_id") is { } templateId ? world.Templates.Find(token.ComponentAppId, templateId) : null;
        if (template is null)
        {
            throw new SandboxApiError(CodeErrors.TemplateNotExist);
        }

        var (extJson, pages) = ExtJson.Read(call.Node("ext_json"), template);
        var userVersion = call.RequiredText("user_version");
        if (userVersion.Length > MaxUserVersionLength)
        {
            throw new SandboxApiError(WeChatErrorCodes.DataFormatError);
        }

        var version = new CodeVersion(token.ComponentAppId, template.TemplateId, userVersion, call.Text("user_desc") ?? "", extJson, pages, world.Time.GetUtcNow());
        world.Versions.Change(token.AuthorizerAppId!, p =>
        {
            p.Commit(version);
            return p;
        });
        return ApiPipeline.Ok();
    }

    private static JsonObject GetPage(ApiCall call, SandboxWorld world)
    {
        var experience = Experience(call, world);
        var answer = ApiPipeline.Ok();
        answer["page_list"] = new JsonArray([.. experience.Pages.Select(p => (JsonNode)p)]);
        return answer;
    }

    private static JsonObject GetCategory(ApiCall call, SandboxWorld world)
    {
        MiniProgramAccess.Require(call, world);
        var answer = ApiPipeline.Ok();
        answer["category_list"] = new JsonArray([.. world.Options.CodeManagement.Categories.Select(c => (JsonNode)new JsonObject
        {
            ["first_class"] = c.FirstClass,
            ["second_class"] = c.SecondClass,
            ["first_id"] = c.FirstId,
            ["second_id"] = c.SecondId,
        })]);
        return answer;
    }

    // The picture itself on success (headers as WeChat's page shows them), an errcode JSON otherwise.
    private static IResult GetQrCode(ApiCall call, SandboxWorld world)
    {
        ExperienceOf(world, MiniProgramAccess.Require(call, world, CodeApis.PermissionSet, CodeApis.QrCodePermissionSet));
        return TypedResults.File(QrCode, "image/jpeg", "QRCode.jpg");
    }

    /// <summary>The experience version, or 86001 when nothing was committed.</summary>
    public static CodeVersion Experience(ApiCall call, SandboxWorld world) => ExperienceOf(world, MiniProgramAccess.Require(call, world));

    private static CodeVersion ExperienceOf(SandboxWorld world, IssuedToken token) =>
        world.Versions.Change(token.AuthorizerAppId!, p => p.Experience) ?? throw new SandboxApiError(CodeErrors.ExperienceVersionMissing);
}
