package org.nubo.server.http;

/** One route's behaviour. Throws core exceptions for anything the caller got wrong. */
@FunctionalInterface
public interface ApiHandler {
  ApiResponse handle(ApiRequest request) throws Exception;
}
