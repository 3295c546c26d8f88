"""A shopping cart."""

from dataclasses import dataclass, field


@dataclass
class Item:
    sku: str
    quantity: int
    unit_price: float


@dataclass
class Cart:
    """Items a customer intends to buy."""

    items: list[Item] = field(default_factory=list)

    def add(self, sku: str, quantity: int = 1, unit_price: float = 0.0) -> None:
        for item in self.items:
            if item.sku == sku:
                item.quantity += quantity
                return
        self.items.append(Item(sku, quantity, unit_price))

    def total(self) -> float:
        """Sum of all line totals."""
        return sum(i.quantity * i.unit_price for i in self.items)

    def __len__(self):
        return sum(i.quantity for i in self.items)

    def _audit(self):
        return [i for i in self.items if i.quantity <= 0]
