/**
 * A click handler that acts on a single click and drops the further clicks
 * of a double-click. People not used to computers often double-click
 * buttons; where an action takes its row out of a list (joining a room from
 * its invitation), the next row moves up under the pointer, and the second
 * click would act on that row instead. A click from the keyboard (Enter or
 * Space, `detail` 0) or a script acts as usual.
 */
export function singleClick<E extends MouseEvent>(act: (event: E) => void): (event: E) => void {
  return (event) => {
    if (event.detail <= 1) act(event);
  };
}
