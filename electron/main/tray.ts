/** The tray icon: what the node and the prover are doing, a way back to the window, and Quit. */
import { Menu, Tray, nativeImage } from "electron";

export interface TrayStatus {
  node: string;
  prover: string;
}

export class AppTray {
  private readonly tray: Tray;
  private status: TrayStatus = { node: "starting", prover: "not started" };

  constructor(
    icon: string,
    private readonly actions: { show(): void; quit(): void },
  ) {
    this.tray = new Tray(nativeImage.createFromPath(icon));
    this.tray.on("click", () => actions.show());
    this.render();
  }

  update(status: Partial<TrayStatus>): void {
    this.status = { ...this.status, ...status };
    this.render();
  }

  destroy(): void {
    this.tray.destroy();
  }

  private render(): void {
    const { node, prover } = this.status;
    this.tray.setToolTip(`Prom zkNode: node ${node}, prover ${prover}`);
    this.tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: `Node: ${node}`, enabled: false },
        { label: `Prover: ${prover}`, enabled: false },
        { type: "separator" },
        { label: "Open Prom zkNode", click: () => this.actions.show() },
        { label: "Quit (stops the node and the prover)", click: () => this.actions.quit() },
      ]),
    );
  }
}
