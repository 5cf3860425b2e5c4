package dev.exitwise.model.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which rows a layer keeps: positions in the working batch for the gather, original rows for the answers. */
class SurvivorsTest {

  @Test
  void keepsTheRowsThatDidNotExitInOrder() {
    Survivors survivors = Survivors.of(new int[] {0, 2, 5, 7}, new boolean[] {false, true, false, true});
    assertArrayEquals(new int[] {0, 2}, survivors.positions());
    assertArrayEquals(new int[] {0, 5}, survivors.rows());
    assertArrayEquals(new long[] {0, 2}, survivors.positionsAsLongs());
    assertEquals(2, survivors.count());
    assertFalse(survivors.all(4));
  }

  @Test
  void noExitKeepsEveryRowAndEveryExitKeepsNone() {
    int[] alive = {3, 4, 9};
    assertTrue(Survivors.of(alive, new boolean[3]).all(3));
    assertArrayEquals(alive, Survivors.of(alive, new boolean[3]).rows());
    assertEquals(0, Survivors.of(alive, new boolean[] {true, true, true}).count());
  }

  @Test
  void decisionsMustMatchTheRows() {
    assertThrows(IllegalArgumentException.class, () -> Survivors.of(new int[2], new boolean[3]));
  }
}
