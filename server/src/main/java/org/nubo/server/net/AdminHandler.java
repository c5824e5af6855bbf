package org.nubo.server.net;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.nubo.server.metrics.AdminFront;

/** The admin port's requests, answered on the event loop: a scrape is in memory and quick. */
// Netty reports a failed write or close to the pipeline (exceptionCaught) and closes the channel;
// its futures carry nothing else to check.
@SuppressWarnings("FutureReturnValueIgnored")
@ChannelHandler.Sharable
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private final AdminFront front;

  AdminHandler(AdminFront front) {
    this.front = front;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    boolean keepAlive = HttpUtil.isKeepAlive(request) && request.decoderResult().isSuccess();
    String path = new QueryStringDecoder(request.uri()).rawPath();
    Answers.write(ctx, front.handle(request.method().name(), path), keepAlive);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
