package org.nubo.client;

/** An entry of the SDK's contact list; {@code number} is E.164. */
public record Contact(String name, String number) {}
