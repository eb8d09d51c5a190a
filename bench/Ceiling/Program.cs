using System.IO.Pipelines;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

// The physical limit of HTTP on this box: Kestrel reads the whole body and answers a fixed CSV prediction.
// No routing, no model; anything Turnout does costs on top of this. Usage: ceiling --urls http://127.0.0.1:PORT
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
Turnout.Wire.Hosting.KestrelTuning.Apply(builder);
var app = builder.Build();

var answer = "0.0123456789"u8.ToArray();
app.Run(async context =>
{
    var reader = context.Request.BodyReader;
    while (true)
    {
        var read = await reader.ReadAsync(context.RequestAborted);
        reader.AdvanceTo(read.Buffer.End);
        if (read.IsCompleted)
        {
            break;
        }
    }

    var response = context.Response;
    response.StatusCode = 200;
    response.ContentType = "text/csv";
    response.ContentLength = answer.Length;
    await response.Body.WriteAsync(answer, context.RequestAborted);
});

await app.RunAsync();
