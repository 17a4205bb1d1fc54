using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Panlong.BrowserTests;

/// <summary>
/// A short HLS stream for the cameras' live view (docs/decisions/0072-cameras.md): three seconds of ffmpeg's <c>testsrc</c>
/// (Debian package <c>ffmpeg</c>, installed by test.sh) cut into one-second segments in a temporary folder, served on a
/// loopback port with the CORS header every camera host must send — the portal itself never fetches it.
/// </summary>
public sealed class HlsTestStream : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly string _folder;
    private readonly Task _serving;

    private HlsTestStream(HttpListener listener, string folder, int port)
    {
        _listener = listener;
        _folder = folder;
        Url = $"http://127.0.0.1:{port}/index.m3u8";
        _serving = Task.Run(ServeAsync);
    }

    public string Url { get; }

    public static async Task<HlsTestStream> StartAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"panlong-hls-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var ffmpeg = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, WorkingDirectory = folder };
        foreach (var arg in "-hide_banner -loglevel error -f lavfi -i testsrc=size=320x180:rate=10 -t 3 -c:v libx264 -pix_fmt yuv420p -g 10 -f hls -hls_time 1 -hls_playlist_type vod index.m3u8".Split(' '))
        {
            ffmpeg.ArgumentList.Add(arg);
        }
        using var process = Process.Start(ffmpeg) ?? throw new InvalidOperationException("ffmpeg did not start: run ./test.sh, which installs Debian's ffmpeg package.");
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 || !File.Exists(Path.Combine(folder, "index.m3u8")))
        {
            throw new InvalidOperationException($"ffmpeg could not make the test stream: {errors}");
        }
        var port = FreePort();
        var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        return new HlsTestStream(listener, folder, port);
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            using var response = context.Response;
            response.AddHeader("Access-Control-Allow-Origin", "*");
            var name = Path.GetFileName(context.Request.Url?.AbsolutePath ?? "");
            var file = Path.Combine(_folder, name);
            if (name.Length == 0 || !File.Exists(file))
            {
                response.StatusCode = 404;
                continue;
            }
            response.ContentType = name.EndsWith(".m3u8", StringComparison.Ordinal) ? "application/vnd.apple.mpegurl" : "video/mp2t";
            var bytes = await File.ReadAllBytesAsync(file);
            response.ContentLength64 = bytes.Length;
            await response.OutputStream.WriteAsync(bytes);
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _serving;
        Directory.Delete(_folder, recursive: true);
    }
}
