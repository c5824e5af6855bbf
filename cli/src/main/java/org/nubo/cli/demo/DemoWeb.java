package org.nubo.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.nubo.carrier.CarrierStats;
import org.nubo.client.Contact;
import org.nubo.client.InboxMessage;
import org.nubo.client.OutgoingMessage;
import org.nubo.client.PresenceSharing;
import org.nubo.client.Reachability;

/**
 * The demo's web page: the phones side by side, each with its contacts (blue or gray), inbox,
 * outbox and switches, plus the carrier's SMS counter. Loopback only; the page polls a small JSON
 * API.
 */
public final class DemoWeb implements AutoCloseable {
  private final DemoWorld world;
  private final ObjectMapper json = JsonMapper.builder().build();
  private final Server jetty;

  public DemoWeb(DemoWorld world, int port) throws Exception {
    this.world = world;
    this.jetty = new Server(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port));
    jetty.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback)
              throws Exception {
            return route(request, response, callback);
          }
        });
    jetty.start();
  }

  public String url() {
    return "http://127.0.0.1:"
        + ((org.eclipse.jetty.server.ServerConnector) jetty.getConnectors()[0]).getLocalPort()
        + "/";
  }

  private boolean route(Request request, Response response, Callback callback) throws Exception {
    String path = request.getHttpURI().getPath();
    String method = request.getMethod();
    try {
      if (method.equals("GET") && (path.equals("/") || path.equals("/index.html"))) {
        return write(response, callback, 200, "text/html; charset=utf-8", page());
      }
      if (method.equals("GET") && path.equals("/api/state")) {
        return write(response, callback, 200, "application/json", json.writeValueAsBytes(state()));
      }
      if (method.equals("POST") && path.startsWith("/api/phones/")) {
        String[] parts = path.split("/");
        SimulatedPhone phone = world.phones().get(Integer.parseInt(parts[3]));
        JsonNode body = json.readTree(Content.Source.asInputStream(request));
        act(phone, parts[4], body);
        return write(
            response,
            callback,
            200,
            "application/json",
            "{\"ok\":true}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      return write(
          response,
          callback,
          404,
          "text/plain",
          "not found".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      ObjectNode error = json.createObjectNode().put("error", String.valueOf(e.getMessage()));
      return write(response, callback, 400, "application/json", json.writeValueAsBytes(error));
    }
  }

  private void act(SimulatedPhone phone, String action, JsonNode body) throws Exception {
    switch (action) {
      case "send" -> phone.client().send(body.path("to").asText(), body.path("text").asText());
      case "messaging" -> {
        if (body.path("on").asBoolean()) {
          phone.turnMessagingOn(java.time.Duration.ofSeconds(15));
        } else {
          phone.turnMessagingOff();
        }
      }
      case "network" -> phone.link().set(NetworkLink.State.valueOf(body.path("state").asText()));
      case "fallback" -> phone.client().setSmsFallback(body.path("on").asBoolean());
      case "presence" ->
          phone.client().setPresenceSharing(PresenceSharing.valueOf(body.path("who").asText()));
      case "retry" ->
          phone.client().retryAsSms(Long.parseUnsignedLong(body.path("id").asText(), 16));
      case "open" ->
          phone.client().reachability(body.path("number").asText()).get(10, TimeUnit.SECONDS);
      default -> throw new IllegalArgumentException("unknown action " + action);
    }
  }

  private ObjectNode state() {
    ObjectNode root = json.createObjectNode();
    ArrayNode phones = root.putArray("phones");
    List<SimulatedPhone> all = world.phones();
    for (int i = 0; i < all.size(); i++) {
      SimulatedPhone phone = all.get(i);
      ObjectNode p = phones.addObject();
      p.put("index", i).put("name", phone.name()).put("number", phone.number());
      p.put("messaging", phone.client().settings().messaging());
      p.put("smsFallback", phone.client().settings().smsFallback());
      p.put("presence", phone.client().settings().presence().name());
      p.put("connected", phone.client().isConnected());
      p.put("network", phone.link().state().name());
      ArrayNode contacts = p.putArray("contacts");
      for (Contact c : phone.client().contacts()) {
        ObjectNode cn = contacts.addObject().put("name", c.name()).put("number", c.number());
        cn.put("blue", reachable(phone, c.number()));
      }
      ArrayNode inbox = p.putArray("inbox");
      for (InboxMessage m : phone.client().inbox()) {
        inbox
            .addObject()
            .put("from", nameOf(m.from()))
            .put("text", m.text())
            .put("via", m.via().name())
            .put("clear", m.readableByCarrier());
      }
      ArrayNode outbox = p.putArray("outbox");
      for (OutgoingMessage m : phone.client().outbox()) {
        outbox
            .addObject()
            .put("id", Long.toUnsignedString(m.id(), 16))
            .put("to", nameOf(m.to()))
            .put("text", m.text())
            .put("state", m.state().name())
            .put("failure", m.failure().name())
            .put("clear", m.readableByCarrier());
      }
      CarrierStats stats = world.carrier().stats();
      p.put("smsSent", stats.of(phone.number()).sent());
      p.put("smsReceived", stats.of(phone.number()).received());
    }
    CarrierStats stats = world.carrier().stats();
    root.put("smsSubmitted", stats.submitted());
    root.put(
        "overIp",
        all.stream()
            .flatMap(p -> p.client().outbox().stream())
            .filter(m -> m.state() == OutgoingMessage.State.DELIVERED_IP)
            .count());
    return root;
  }

  private boolean reachable(SimulatedPhone phone, String number) {
    var future = phone.client().reachability(number);
    return future.isDone()
        && !future.isCompletedExceptionally()
        && future.join() == Reachability.BLUE;
  }

  private String nameOf(String number) {
    return world.phones().stream()
        .filter(p -> p.number().equals(number))
        .map(SimulatedPhone::name)
        .findFirst()
        .orElse(number);
  }

  private static byte[] page() throws IOException {
    try (InputStream in = DemoWeb.class.getResourceAsStream("index.html")) {
      if (in == null) {
        throw new IOException("the demo page is missing from the build");
      }
      return in.readAllBytes();
    }
  }

  private static boolean write(
      Response response, Callback callback, int status, String type, byte[] body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }

  @Override
  public void close() {
    try {
      jetty.stop();
    } catch (Exception e) {
      throw new IllegalStateException("the demo page did not stop cleanly", e);
    }
  }
}
