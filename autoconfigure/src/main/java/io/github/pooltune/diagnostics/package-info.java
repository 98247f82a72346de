/**
 * What pooltune's diagnostics find, as applications may read it: sessions idle in a
 * transaction or running long, and the server timeouts that close idle connections.
 */
@NullMarked
package io.github.pooltune.diagnostics;

import org.jspecify.annotations.NullMarked;
