/**
 * The keepalived.conf language: lexer, include and parameter expansion, a typed immutable model
 * with keepalived's defaults, and validation that reports every problem with file:line.
 */
package io.vigil.config;
