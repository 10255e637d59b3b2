class MessageQueueTrigger:
    def __init__(self, *, queue=None, scheme=None, **kwargs):
        assert queue is not None or scheme is not None
        self.queue = queue
