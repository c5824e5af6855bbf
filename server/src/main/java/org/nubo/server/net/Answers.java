package org.nubo.server.net;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Map;
import org.nubo.server.http.HttpFront;

/** Writes an {@link HttpFront.Answer} as an HTTP/1.1 response. */
// Netty reports a failed write or close to the pipeline (exceptionCaught) and closes the channel;
// its futures carry nothing else to check.
@SuppressWarnings("FutureReturnValueIgnored")
final class Answers {
  private Answers() {}

  /**
   * Writes {@code answer} (from any thread) to an HTTP/1.1 request; closes the connection after it
   * unless {@code keepAlive}.
   */
  static ChannelFuture write(
      ChannelHandlerContext ctx, HttpFront.Answer answer, boolean keepAlive) {
    return write(ctx, answer, keepAlive, false);
  }

  /**
   * Writes {@code answer} (from any thread); closes the connection after it unless {@code
   * keepAlive}.
   *
   * @param legacy the request was HTTP/1.0, whose connections persist only when the answer says
   *     {@code Connection: keep-alive}
   */
  static ChannelFuture write(
      ChannelHandlerContext ctx, HttpFront.Answer answer, boolean keepAlive, boolean legacy) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(answer.status()),
            Unpooled.wrappedBuffer(answer.body()));
    for (Map.Entry<String, String> header : answer.headers().entrySet()) {
      response.headers().set(header.getKey(), header.getValue());
    }
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, answer.body().length);
    if (!keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (legacy) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    ChannelFuture written = ctx.writeAndFlush(response);
    if (!keepAlive) {
      written.addListener(ChannelFutureListener.CLOSE);
    }
    return written;
  }
}
